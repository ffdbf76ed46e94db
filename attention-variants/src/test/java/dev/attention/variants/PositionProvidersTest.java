package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.ReferenceComponents;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The by-position providers are discoverable and declare their parameters with defaults and ranges. */
class PositionProvidersTest {

    @Test
    void service_loader_finds_every_by_position_id() {
        List<String> ids = Fixtures.all().stream()
                .map(VariantProvider::id).collect(Collectors.toList());
        assertTrue(ids.containsAll(List.of("hard", "local-m", "local-p", "area")), ids.toString());
    }

    @Test
    void parameters_have_the_documented_defaults_and_ranges() {
        assertSpec(Fixtures.provider("hard"), "k", 1, "[1, ∞)");
        assertSpec(Fixtures.provider("hard"), "mode", "top-k", "top-k | sample");
        assertSpec(Fixtures.provider("local-m"), "window", 2, "[0, ∞)");
        assertSpec(Fixtures.provider("local-p"), "window", 2, "[1, ∞)");
        assertSpec(Fixtures.provider("local-p"), "hidden", 8, "[1, ∞)");
        assertSpec(Fixtures.provider("area"), "max-width", 2, "[1, ∞)");
    }

    @Test
    void out_of_range_values_are_refused_by_name() {
        assertRefused(Fixtures.provider("hard"), "k", 0);
        assertRefused(Fixtures.provider("hard"), "mode", "random");
        assertRefused(Fixtures.provider("local-m"), "window", -1);
        // σ = D/2 must be positive, so local-p refuses the window local-m accepts.
        assertRefused(Fixtures.provider("local-p"), "window", 0);
        assertRefused(Fixtures.provider("area"), "max-width", 0);
    }

    @Test
    void descriptions_carry_a_formula() {
        for (VariantProvider p : List.of(Fixtures.provider("hard"), Fixtures.provider("local-m"), Fixtures.provider("local-p"),
                Fixtures.provider("area"))) {
            assertTrue(p.description().contains("output_i ="), p.id() + ": " + p.description());
        }
    }

    @Test
    void local_p_needs_the_queries_width_to_size_w_p() {
        VariantProvider p = Fixtures.provider("local-p");
        ConfigException e = assertThrows(ConfigException.class, () -> p.create(PluginContext.builder(p.id(),
                p.parameters()).alignment(ReferenceComponents.dot())
                .distribution(ReferenceComponents.softmax()).build()));
        assertTrue(e.getMessage().contains("queries"), e.getMessage());
    }

    private static void assertSpec(VariantProvider p, String name, Object defaultValue, String range) {
        ParameterSpec s = p.parameters().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals(defaultValue, s.defaultValue().orElseThrow(), p.id() + "." + name);
        assertEquals(range, s.range(), p.id() + "." + name);
        assertTrue(!s.doc().isBlank(), p.id() + "." + name + " has a doc");
    }

    private static void assertRefused(VariantProvider p, String name, Object value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter(name, value));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
