package dev.attention.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** entmax's declared parameters: defaults, ranges, and errors that name the key and show the range. */
class EntmaxParametersTest {
    private final DistributionProvider provider = DistributionFixtures.provider("entmax");

    private ConfigException refused(String name, Object value) {
        return assertThrows(ConfigException.class,
                () -> PluginContext.builder(provider.id(), provider.parameters()).parameter(name, value));
    }

    @Test
    void defaults_are_alpha_one_and_a_half_fifty_steps_and_1e_minus_12() {
        Map<String, Object> defaults = provider.parameters().stream()
                .collect(Collectors.toMap(ParameterSpec::name, s -> s.defaultValue().orElseThrow()));
        assertEquals(Map.of("alpha", 1.5, "max-iter", 50, "tolerance", 1e-12, "learn-alpha", false, "alpha-max", 2.0),
                defaults);
    }

    @Test
    void alpha_one_is_refused_with_the_range_shown() {
        // α = 1 is softmax, which the bisection cannot represent (1/(α−1) is infinite).
        ConfigException e = refused("alpha", 1.0);
        assertEquals("alpha", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("(1, ∞)"), e.getMessage());
    }

    @Test
    void alpha_below_one_is_refused() {
        assertEquals("alpha", refused("alpha", 0.5).key().orElseThrow());
    }

    @Test
    void max_iter_outside_one_to_two_hundred_is_refused() {
        for (int bad : new int[] {0, 201}) {
            ConfigException e = refused("max-iter", bad);
            assertEquals("max-iter", e.key().orElseThrow());
            assertTrue(e.getMessage().contains("[1, 200]"), e.getMessage());
        }
    }

    @Test
    void max_iter_must_be_whole() {
        assertEquals("max-iter", refused("max-iter", 2.5).key().orElseThrow());
    }

    @Test
    void tolerance_must_be_positive() {
        ConfigException e = refused("tolerance", 0.0);
        assertEquals("tolerance", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("(0, ∞)"), e.getMessage());
    }
}
