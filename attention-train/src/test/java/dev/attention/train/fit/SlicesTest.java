package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

class SlicesTest {
    /** [3, 2] with cell (r, c) = 10r + c. */
    private static final Tensor M = Tensor.matrix(DType.FLOAT64, new double[] {0, 1}, new double[] {10, 11},
            new double[] {20, 21});

    @Test
    void rows_are_copied_in_the_order_chosen() {
        Tensor t = Slices.rows(M, new int[] {2, 0, 2});
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new double[] {20, 21, 0, 1, 20, 21}, t.toDoubleArray());
    }

    @Test
    void leading_entries_keep_the_inner_shape() {
        // [3, 2, 1]: entry e holds 2e, 2e + 1.
        Tensor t = Tensor.of(DType.FLOAT32, new int[] {3, 2, 1}, 0, 1, 2, 3, 4, 5);
        Tensor s = Slices.leading(t, new int[] {1, 2});
        assertArrayEquals(new int[] {2, 2, 1}, s.shape());
        assertEquals(DType.FLOAT32, s.dtype());
        assertArrayEquals(new double[] {2, 3, 4, 5}, s.toDoubleArray());
    }

    @Test
    void row_groups_take_rows_over_examples_rows_per_example() {
        // 6 rows, 3 examples: example e is rows 2e, 2e + 1.
        Tensor t = Tensor.of(DType.FLOAT64, new int[] {6, 1}, 0, 1, 2, 3, 4, 5);
        assertArrayEquals(new double[] {4, 5, 0, 1}, Slices.rowGroups(t, 3, new int[] {2, 0}).toDoubleArray());
    }

    @Test
    void lengths_follow_their_leading_entries() {
        // 3 leading entries × 2 inner batch elements.
        int[] lengths = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new int[] {5, 6, 1, 2}, Slices.leadingLengths(lengths, 3, new int[] {2, 0}));
    }
}
