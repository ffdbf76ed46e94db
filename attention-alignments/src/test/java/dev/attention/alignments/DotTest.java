package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

class DotTest {
    private final Alignment dot = AlignmentFixtures.create(AlignmentFixtures.provider("dot"));

    @Test
    void one_query_one_key() {
        // q = (1, 2), k = (3, 4): 1·3 + 2·4 = 11.
        Tensor s = dot.scores(Tensor.matrix(FLOAT64, new double[] {1, 2}), Tensor.matrix(FLOAT64, new double[] {3, 4}));
        assertArrayEquals(new int[] {1, 1}, s.shape());
        assertEquals(11.0, s.get(0, 0), 0.0);
    }

    @Test
    void matrix_of_scores_is_q_times_k_transposed() {
        Tensor q = Tensor.matrix(FLOAT64, new double[] {1, 2}, new double[] {0, 1});
        Tensor k = Tensor.matrix(FLOAT64, new double[] {3, 4}, new double[] {1, 0}, new double[] {-1, 1});
        Tensor s = dot.scores(q, k);
        // Row 0: (1,2)·(3,4) = 11, (1,2)·(1,0) = 1, (1,2)·(-1,1) = 1.
        // Row 1: (0,1)·(3,4) = 4,  (0,1)·(1,0) = 0, (0,1)·(-1,1) = 1.
        assertEquals(Tensor.matrix(FLOAT64, new double[] {11, 1, 1}, new double[] {4, 0, 1}), s);
    }

    @Test
    void several_batch_dimensions_are_kept() {
        // Batch [2, 1], one query and one key each: (1,2)·(3,4) = 11 and (2,0)·(1,1) = 2.
        Tensor q = Tensor.of(FLOAT64, new int[] {2, 1, 1, 2}, 1, 2, 2, 0);
        Tensor k = Tensor.of(FLOAT64, new int[] {2, 1, 1, 2}, 3, 4, 1, 1);
        Tensor s = dot.scores(q, k);
        assertArrayEquals(new int[] {2, 1, 1, 1}, s.shape());
        assertEquals(11.0, s.at(0), 0.0);
        assertEquals(2.0, s.at(1), 0.0);
    }

    @Test
    void backward_by_hand() {
        // s = q·k, so ds/dq = k and ds/dk = q; with dL/ds = 2: dq = 2·(3,4), dk = 2·(1,2).
        Tensor q = Tensor.matrix(FLOAT64, new double[] {1, 2});
        Tensor k = Tensor.matrix(FLOAT64, new double[] {3, 4});
        AlignmentGradients g = dot.backward(q, k, Tensor.matrix(FLOAT64, new double[] {2}));
        assertEquals(Tensor.matrix(FLOAT64, new double[] {6, 8}), g.queries());
        assertEquals(Tensor.matrix(FLOAT64, new double[] {2, 4}), g.keys());
        assertTrue(g.parameters().isEmpty());
    }

    @Test
    void unequal_widths_are_a_shape_error_naming_both_shapes() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> dot.scores(Tensor.zeros(FLOAT64, 4, 2), Tensor.zeros(FLOAT64, 5, 3)));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[5, 3]"), e.getMessage());
        assertTrue(e.getMessage().startsWith("dot "), e.getMessage());
    }

    @Test
    void batch_dimensions_must_match_exactly() {
        // [1, 4, 2] and [4, 2] describe the same numbers, but the batch dimensions differ.
        ShapeException e = assertThrows(ShapeException.class,
                () -> dot.scores(Tensor.zeros(FLOAT64, 1, 4, 2), Tensor.zeros(FLOAT64, 4, 2)));
        assertTrue(e.getMessage().contains("[1, 4, 2]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void score_gradient_of_the_wrong_shape_is_refused() {
        Tensor q = Tensor.zeros(FLOAT64, 2, 3);
        Tensor k = Tensor.zeros(FLOAT64, 4, 3);
        ShapeException e = assertThrows(ShapeException.class, () -> dot.backward(q, k, Tensor.zeros(FLOAT64, 4, 2)));
        assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void keys_are_converted_to_the_queries_dtype() {
        // 0.1 is not a float: as float32 it is 0.100000001490116…, which a float64 query sees exactly.
        Tensor q64 = Tensor.matrix(FLOAT64, new double[] {1});
        Tensor k32 = Tensor.matrix(FLOAT32, new double[] {0.1});
        Tensor s = dot.scores(q64, k32);
        assertEquals(FLOAT64, s.dtype());
        assertEquals((double) 0.1f, s.get(0, 0), 0.0);

        // float32 queries make float32 scores, whatever the keys.
        Tensor s32 = dot.scores(Tensor.matrix(FLOAT32, new double[] {3}), Tensor.matrix(FLOAT64, new double[] {0.1}));
        assertEquals(FLOAT32, s32.dtype());
        assertEquals(0.3f, (float) s32.get(0, 0));

        // Gradients keep each input's own dtype.
        AlignmentGradients g = dot.backward(q64, k32, Tensor.matrix(FLOAT64, new double[] {1}));
        assertEquals(FLOAT64, g.queries().dtype());
        assertEquals(FLOAT32, g.keys().dtype());
    }

    @Test
    void empty_key_set_gives_empty_scores() {
        Tensor s = dot.scores(Tensor.zeros(FLOAT64, 2, 3), Tensor.zeros(FLOAT64, 0, 3));
        assertArrayEquals(new int[] {2, 0}, s.shape());
    }
}
