package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.tck.ReferenceComponents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variant exposes its components' parameters qualified and routes new values back to them. */
class GlobalParametersTest {

    private static Tensor scalar(double v) {
        return Tensor.of(DType.FLOAT64, new int[] {1, 1}, v);
    }

    @Test
    void components_parameters_are_prefixed() {
        Variant v = Fixtures.global(TestComponents.scaledDot(0.5), TestComponents.temperedSoftmax(2));
        Parameters p = v.parameters();
        assertEquals(List.of("alignment.c", "distribution.t"), List.copyOf(p.names()));
        assertEquals(0.5, p.get("alignment.c").at(0));
        assertEquals(2.0, p.get("distribution.t").at(0));
    }

    @Test
    void with_parameters_splits_by_prefix_and_leaves_the_original_alone() {
        Variant v = Fixtures.global(TestComponents.scaledDot(0.5), TestComponents.temperedSoftmax(2));
        Variant w = v.withParameters(Parameters.of(Map.of("alignment.c", scalar(3), "distribution.t", scalar(4))));
        assertEquals(3.0, w.parameters().get("alignment.c").at(0));
        assertEquals(4.0, w.parameters().get("distribution.t").at(0));
        assertEquals(0.5, v.parameters().get("alignment.c").at(0), "immutable");
        // Only the alignment's: the distribution keeps its value.
        Variant a = v.withParameters(Parameters.of("alignment.c", scalar(9)));
        assertEquals(9.0, a.parameters().get("alignment.c").at(0));
        assertEquals(2.0, a.parameters().get("distribution.t").at(0));
    }

    @Test
    void unknown_parameter_names_are_refused_listing_the_known_ones() {
        Variant v = Fixtures.global(TestComponents.scaledDot(0.5), TestComponents.temperedSoftmax(2));
        ShapeException e = assertThrows(ShapeException.class,
                () -> v.withParameters(Parameters.of("variant.c", scalar(1))));
        assertTrue(e.getMessage().contains("variant.c"), e.getMessage());
        assertTrue(e.getMessage().contains("[alignment.c, distribution.t]"), e.getMessage());
        assertThrows(ShapeException.class, () -> v.withParameters(Parameters.of("alignment.W", scalar(1))));
    }

    @Test
    void parameter_free_components_give_no_parameters() {
        Variant v = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
        assertTrue(v.parameters().isEmpty());
        assertSame(v, v.withParameters(Parameters.empty()));
        assertThrows(ShapeException.class, () -> v.withParameters(Parameters.of("alignment.c", scalar(1))));
    }
}
