package dev.attention.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How configuration values reach a plugin: validated, defaulted, with a reproducible random source. */
class PluginContextTest {
    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.doubleParam("temperature").greaterThan(0).defaultValue(1.0),
            ParameterSpec.intParam("k").atLeast(1).doc("keys kept"),
            ParameterSpec.booleanParam("learn").defaultValue(false),
            ParameterSpec.stringParam("mode").choices("sum", "mean").defaultValue("sum"));

    private static PluginContext.Builder builder() {
        return PluginContext.builder("top-k", SPECS);
    }

    @Test
    void defaults_are_applied_in_declaration_order() {
        PluginContext c = builder().parameter("k", 3).build();
        assertEquals(List.of("temperature", "k", "learn", "mode"), List.copyOf(c.values().keySet()));
        assertEquals(1.0, c.getDouble("temperature"));
        assertEquals(3, c.getInt("k"));
        assertEquals(false, c.getBoolean("learn"));
        assertEquals("sum", c.getString("mode"));
        assertTrue(c.has("mode"));
        assertTrue(c.given("k"), "k was given");
        assertFalse(c.given("mode"), "mode holds its default");
        assertFalse(builder().parameter("k", 3).parameter("learn", false).build().given("mode"));
        assertTrue(builder().parameter("k", 3).parameter("learn", false).build().given("learn"),
                "given even when equal to the default");
        assertEquals("top-k", c.pluginId());
        assertEquals(DType.FLOAT64, c.dtype(), "float64 unless told otherwise");
    }

    @Test
    void given_values_are_converted_and_override_defaults() {
        PluginContext c = builder().parameters(Map.of("k", 2L, "temperature", 4, "mode", "mean"))
                .dtype(DType.FLOAT32).seed(9).build();
        assertEquals(4.0, c.getDouble("temperature"));
        assertEquals(2, c.getInt("k"));
        assertEquals("mean", c.getString("mode"));
        assertEquals(DType.FLOAT32, c.dtype());
        assertEquals(9, c.seed());
    }

    @Test
    void invalid_values_are_refused_when_set() {
        assertThrows(ConfigException.class, () -> builder().parameter("temperature", 0));
        assertThrows(ConfigException.class, () -> builder().parameter("k", 2.5));
    }

    @Test
    void unknown_parameter_lists_the_supported_ones_sorted() {
        ConfigException e = assertThrows(ConfigException.class, () -> builder().parameter("tempreature", 2));
        assertEquals("tempreature: unknown parameter of 'top-k' (supported: k, learn, mode, temperature)",
                e.getMessage());
        assertEquals("tempreature", e.key().orElseThrow());
    }

    @Test
    void a_plugin_without_parameters_says_so() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder("dot", List.of()).parameter("scale", 1));
        assertEquals("scale: unknown parameter of 'dot' ('dot' takes no parameters)", e.getMessage());
    }

    @Test
    void a_missing_required_parameter_is_named_with_a_hint() {
        ConfigException e = assertThrows(ConfigException.class, () -> builder().build());
        assertEquals("k: required parameter of 'top-k' is missing (add k: <integer> — keys kept)", e.getMessage());
        assertEquals("add k: <integer> — keys kept", e.hint().orElseThrow());
    }

    @Test
    void typed_getters_refuse_the_wrong_type_or_undeclared_names() {
        PluginContext c = builder().parameter("k", 3).build();
        assertThrows(IllegalArgumentException.class, () -> c.getInt("temperature"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getDouble("alpha"));
        assertTrue(e.getMessage().contains("'alpha'"), e.getMessage());
    }

    @Test
    void random_is_deterministic_per_seed_and_plugin_id() {
        long a = PluginContext.builder("p", List.of()).seed(42).build().random().nextLong();
        long b = PluginContext.builder("p", List.of()).seed(42).build().random().nextLong();
        long otherSeed = PluginContext.builder("p", List.of()).seed(43).build().random().nextLong();
        long otherId = PluginContext.builder("q", List.of()).seed(42).build().random().nextLong();
        assertEquals(a, b);
        assertNotEquals(a, otherSeed);
        assertNotEquals(a, otherId);
    }

    @Test
    void each_call_to_random_starts_the_same_sequence() {
        PluginContext c = PluginContext.builder("p", List.of()).seed(5).build();
        Random r1 = c.random();
        Random r2 = c.random();
        assertEquals(r1.nextDouble(), r2.nextDouble());
    }

    @Test
    void components_are_only_there_when_given() {
        PluginContext bare = PluginContext.builder("global", List.of()).build();
        assertThrows(IllegalStateException.class, bare::alignment);
        assertThrows(IllegalStateException.class, bare::distribution);
        Alignment a = new Alignment() {
            @Override
            public Tensor scores(Tensor q, Tensor k) {
                throw new UnsupportedOperationException();
            }

            @Override
            public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
                throw new UnsupportedOperationException();
            }
        };
        assertSame(a, PluginContext.builder("global", List.of()).alignment(a).build().alignment());
    }

    /** A distribution that only remembers which index it was made for. */
    private record Numbered(int index) implements dev.attention.api.Distribution {
        @Override
        public Tensor weights(Tensor scores, dev.attention.api.Mask mask) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.attention.api.DistributionGradients backward(Tensor scores, dev.attention.api.Mask mask,
                Tensor weights, Tensor weightGradient) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void a_distribution_factory_makes_one_per_index_and_a_fixed_distribution_is_handed_to_every_index() {
        PluginContext made = PluginContext.builder("multi-head", List.of()).distributions(Numbered::new).build();
        assertEquals(new Numbered(3), made.distribution(3));
        assertEquals(new Numbered(0), made.distribution(), "without a fixed one, index 0 is the distribution");
        assertThrows(IllegalArgumentException.class, () -> made.distribution(-1));
        Numbered fixed = new Numbered(7);
        PluginContext given = PluginContext.builder("multi-head", List.of()).distribution(fixed).build();
        assertSame(fixed, given.distribution(2));
        PluginContext both = PluginContext.builder("multi-head", List.of()).distribution(fixed)
                .distributions(Numbered::new).build();
        assertSame(fixed, both.distribution());
        assertEquals(new Numbered(1), both.distribution(1));
        assertThrows(IllegalStateException.class, () -> PluginContext.builder("p", List.of()).build().distribution(0));
    }

    @Test
    void builder_refuses_blank_ids_and_duplicate_specs() {
        assertThrows(IllegalArgumentException.class, () -> PluginContext.builder(" ", List.of()));
        assertThrows(IllegalArgumentException.class, () -> PluginContext.builder("p",
                List.of(ParameterSpec.intParam("k"), ParameterSpec.doubleParam("k"))));
    }

    @Test
    void values_are_unmodifiable() {
        PluginContext c = builder().parameter("k", 3).build();
        assertThrows(UnsupportedOperationException.class, () -> c.values().put("k", 4));
    }
}
