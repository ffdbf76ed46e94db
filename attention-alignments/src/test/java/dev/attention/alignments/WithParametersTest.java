package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** withParameters validates names and shapes, returns a new instance and leaves the original alone. */
class WithParametersTest {
    private static Alignment additive() {
        return AlignmentFixtures.create(AlignmentFixtures.provider("additive"), Map.of("hidden", 2), FLOAT64, 3, 3, 2);
    }

    @Test
    void unknown_name_is_a_shape_error_listing_the_known_names() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> additive().withParameters(Parameters.of("W", Tensor.zeros(FLOAT64, 2, 3))));
        assertTrue(e.getMessage().contains("'W'") && e.getMessage().contains("[W_q, W_k, v]"), e.getMessage());
    }

    @Test
    void wrong_shape_is_a_shape_error_giving_the_expected_shape() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> additive().withParameters(Parameters.of("W_q", Tensor.zeros(FLOAT64, 3, 2))));
        assertTrue(e.getMessage().contains("W_q") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void a_subset_replaces_only_those_names_and_the_original_is_unchanged() {
        Alignment original = additive();
        Parameters before = original.parameters();
        Tensor v = Tensor.matrix(FLOAT64, new double[] {0.5, -0.5});
        Alignment changed = original.withParameters(Parameters.of("v", v));

        assertEquals(before, original.parameters(), "the original keeps its parameters");
        assertEquals(v, changed.parameters().get("v"));
        assertEquals(before.get("W_q"), changed.parameters().get("W_q"));
        assertEquals(before.get("W_k"), changed.parameters().get("W_k"));
        Tensor q = Tensor.matrix(FLOAT64, new double[] {1, 2, 3});
        Tensor k = Tensor.matrix(FLOAT64, new double[] {1, -1});
        assertNotEquals(original.scores(q, k), changed.scores(q, k), "the new v is used");
    }

    @Test
    void kernel_widths_are_validated_the_same_way() {
        Alignment gaussian = AlignmentFixtures.create(AlignmentFixtures.provider("gaussian"));
        ShapeException e = assertThrows(ShapeException.class,
                () -> gaussian.withParameters(Parameters.of("log_sigma", Tensor.zeros(FLOAT64, 1, 2))));
        assertTrue(e.getMessage().contains("[1, 1]"), e.getMessage());
        assertThrows(ShapeException.class,
                () -> gaussian.withParameters(Parameters.of("sigma", Tensor.zeros(FLOAT64, 1, 1))));
    }

    @Test
    void values_are_stored_in_the_pipeline_dtype() {
        // A float64 tensor given to a float32 alignment is rounded on the way in: 0.1 → 0.100000001490116…
        Alignment a32 = AlignmentFixtures.create(AlignmentFixtures.provider("general"), Map.of(), FLOAT32, 0, 1, 1)
                .withParameters(Parameters.of("W", Tensor.matrix(FLOAT64, new double[] {0.1})));
        assertEquals(FLOAT32, a32.parameters().get("W").dtype());
        assertEquals((double) 0.1f, a32.parameters().get("W").get(0, 0), 0.0);
    }
}
