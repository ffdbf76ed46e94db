package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Learned parameters: names, shapes, Xavier initialisation by seed, and withParameters' rules. */
class InputParametersTest {

    private static Variant create(VariantProvider p, Map<String, ?> parameters, Map<String, Integer> widths,
            long seed) {
        return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(parameters).widths(widths)
                .seed(seed).alignment(TestComponents.scaledDot(1)).distribution(TestComponents.temperedSoftmax(1))
                .build());
    }

    private static List<String> shapes(Parameters p) {
        List<String> out = new ArrayList<>();
        p.asMap().forEach((n, t) -> out.add(n + " " + ShapeException.format(t.shape())));
        return out;
    }

    @Test
    void names_and_shapes_per_variant() {
        assertEquals(List.of("variant.W_q [3, 2]", "variant.W_k [3, 2]", "variant.W_v [3, 2]", "alignment.c [1, 1]",
                "distribution.t [1, 1]"), shapes(create(Fixtures.provider("self"), Map.of("project", true, "dim", 3),
                        Map.of("sequence", 2), 0).parameters()));
        assertEquals(List.of("alignment.c [1, 1]", "distribution.t [1, 1]"),
                shapes(create(Fixtures.provider("self"), Map.of(), Map.of("sequence", 2), 0).parameters()));
        assertEquals(List.of("variant.W_q [2, 2]", "variant.W_k [2, 5]", "variant.W_v [2, 1]", "alignment.c [1, 1]",
                "distribution.t [1, 1]"), shapes(create(Fixtures.provider("cross"), Map.of("project", true),
                        Map.of("queries", 2, "keys", 5, "values", 1), 0).parameters()));
        assertEquals(List.of("variant.u [1, 4]", "variant.W [4, 2]", "variant.b [1, 4]", "alignment.c [1, 1]",
                "distribution.t [1, 1]"), shapes(create(Fixtures.provider("pooling"), Map.of("hidden", 4),
                        Map.of("sequence", 2), 0).parameters()));
        assertEquals(List.of("variant.u [1, 2]", "alignment.c [1, 1]", "distribution.t [1, 1]"),
                shapes(create(Fixtures.provider("pooling"), Map.of(), Map.of("sequence", 2), 0).parameters()));
    }

    @Test
    void xavier_uniform_initialisation_is_bounded_and_follows_the_seed() {
        // W [out, in] uniform in [−√(6/(in+out)), √(6/(in+out))); bias starts at zero.
        Parameters a = create(Fixtures.provider("pooling"), Map.of("hidden", 8), Map.of("sequence", 4), 5).parameters();
        double limitW = Math.sqrt(6.0 / (8 + 4));
        for (double x : a.get("variant.W").toDoubleArray()) {
            assertTrue(Math.abs(x) <= limitW, x + " within ±" + limitW);
        }
        double limitU = Math.sqrt(6.0 / (1 + 8));
        for (double x : a.get("variant.u").toDoubleArray()) {
            assertTrue(Math.abs(x) <= limitU, x + " within ±" + limitU);
        }
        assertArrayEquals(new double[8], a.get("variant.b").toDoubleArray());
        Parameters same = create(Fixtures.provider("pooling"), Map.of("hidden", 8), Map.of("sequence", 4), 5).parameters();
        Parameters other = create(Fixtures.provider("pooling"), Map.of("hidden", 8), Map.of("sequence", 4), 6).parameters();
        assertEquals(a, same);
        assertNotEquals(a.get("variant.W"), other.get("variant.W"));
    }

    @Test
    void parameters_are_created_in_the_pipeline_dtype() {
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("project", true), Map.of("sequence", 2));
        Variant f32 = Fixtures.provider("self").create(PluginContext.builder("self", Fixtures.provider("self").parameters())
                .parameter("project", true).width("sequence", 2).dtype(DType.FLOAT32)
                .alignment(dev.attention.tck.ReferenceComponents.dot())
                .distribution(dev.attention.tck.ReferenceComponents.softmax()).build());
        assertEquals(DType.FLOAT64, v.parameters().get("variant.W_q").dtype());
        assertEquals(DType.FLOAT32, f32.parameters().get("variant.W_q").dtype());
    }

    @Test
    void with_parameters_replaces_a_subset_and_leaves_the_original_alone() {
        Variant v = create(Fixtures.provider("cross"), Map.of("project", true), Map.of("queries", 1, "keys", 1, "values", 1), 0);
        Tensor before = v.parameters().get("variant.W_k");
        Variant w = v.withParameters(Parameters.of(Map.of("variant.W_q", t(shape(1, 1), 7),
                "alignment.c", t(shape(1, 1), 3))));
        assertEquals(7.0, w.parameters().get("variant.W_q").at(0));
        assertEquals(3.0, w.parameters().get("alignment.c").at(0));
        assertEquals(before, w.parameters().get("variant.W_k"), "left out ⇒ kept");
        assertNotEquals(7.0, v.parameters().get("variant.W_q").at(0), "immutable");
        assertSame(v, v.withParameters(Parameters.empty()));
    }

    @Test
    void unknown_names_and_wrong_shapes_are_refused() {
        Variant self = create(Fixtures.provider("self"), Map.of(), Map.of("sequence", 2), 0);
        ShapeException e = assertThrows(ShapeException.class,
                () -> self.withParameters(Parameters.of("variant.W_q", t(shape(2, 2), 1, 0, 0, 1))));
        assertTrue(e.getMessage().contains("variant.W_q") && e.getMessage().contains("alignment.c"), e.getMessage());
        Variant pooling = create(Fixtures.provider("pooling"), Map.of("hidden", 3), Map.of("sequence", 2), 0);
        ShapeException shape = assertThrows(ShapeException.class,
                () -> pooling.withParameters(Parameters.of("variant.b", t(shape(3, 1), 0, 0, 0))));
        assertTrue(shape.getMessage().contains("[1, 3]") && shape.getMessage().contains("[3, 1]"), shape.getMessage());
        Variant plainPooling = create(Fixtures.provider("pooling"), Map.of(), Map.of("sequence", 2), 0);
        assertThrows(ShapeException.class,
                () -> plainPooling.withParameters(Parameters.of("variant.W", t(shape(1, 2), 0, 0))));
    }
}
