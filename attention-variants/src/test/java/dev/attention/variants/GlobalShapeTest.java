package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs that do not fit together are refused with messages naming them and their shapes. */
class GlobalShapeTest {
    private final Variant global = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());

    private static Tensor zeros(int... shape) {
        return Tensor.zeros(DType.FLOAT64, shape);
    }

    @Test
    void different_batch_dimensions_are_refused() {
        ShapeException e = assertThrows(ShapeException.class, () -> global.forward(AttentionInputs.builder()
                .put("queries", zeros(2, 3, 2)).put("keys", zeros(3, 4, 2)).put("values", zeros(3, 4, 2)).build()));
        assertMentions(e, "queries [2, 3, 2]", "keys [3, 4, 2]", "values [3, 4, 2]", "batch");
    }

    @Test
    void equal_batch_size_but_different_batch_shape_is_refused() {
        // [2, 3] and [3, 2] both flatten to 6 matrices, yet they are not the same batch.
        assertThrows(ShapeException.class, () -> global.forward(AttentionInputs.builder()
                .put("queries", zeros(2, 3, 1, 2)).put("keys", zeros(3, 2, 4, 2)).put("values", zeros(3, 2, 4, 2))
                .build()));
    }

    @Test
    void keys_and_values_need_the_same_row_count() {
        ShapeException e = assertThrows(ShapeException.class, () -> global.forward(AttentionInputs.builder()
                .put("queries", zeros(3, 2)).put("keys", zeros(4, 2)).put("values", zeros(5, 2)).build()));
        assertMentions(e, "keys [4, 2]", "values [5, 2]");
    }

    @Test
    void values_lengths_must_match_keys_lengths() {
        ShapeException e = assertThrows(ShapeException.class, () -> global.forward(AttentionInputs.builder()
                .put("queries", zeros(2, 1, 2)).put("keys", zeros(2, 4, 2), 4, 2)
                .put("values", zeros(2, 4, 1), 4, 3).build()));
        assertMentions(e, "values", "keys", "[4, 3]", "[4, 2]");
    }

    @Test
    void values_lengths_on_unpadded_keys_are_refused() {
        assertThrows(ShapeException.class, () -> global.forward(AttentionInputs.builder()
                .put("queries", zeros(1, 2)).put("keys", zeros(4, 2)).put("values", zeros(4, 1), 2).build()));
    }

    @Test
    void a_missing_input_is_named() {
        AttentionException e = assertThrows(AttentionException.class, () -> global.forward(AttentionInputs.builder()
                .put("queries", zeros(1, 2)).put("keys", zeros(4, 2)).build()));
        assertMentions(e, "values");
    }

    @Test
    void gradients_of_the_wrong_shape_or_unknown_results_are_refused() {
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", zeros(1, 2)).put("keys", zeros(4, 2)).put("values", zeros(4, 3)).build();
        AttentionResult r = global.forward(in);
        ShapeException e = assertThrows(ShapeException.class,
                () -> global.backward(in, r, Map.of(AttentionResult.OUTPUT, zeros(1, 2))));
        assertMentions(e, "output", "[1, 2]", "[1, 3]");
        assertThrows(AttentionException.class, () -> global.backward(in, r, Map.of("summary", zeros(1, 3))));
    }

    @Test
    void output_shape_follows_queries_rows_and_values_width() {
        AttentionResult r = global.forward(AttentionInputs.builder()
                .put("queries", zeros(2, 3, 5)).put("keys", zeros(2, 4, 5)).put("values", zeros(2, 4, 7)).build());
        assertTrue(java.util.Arrays.equals(shape(2, 3, 7), r.output().shape()));
        assertTrue(java.util.Arrays.equals(shape(2, 3, 4), r.weights().orElseThrow().shape()));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention " + p);
        }
    }
}
