package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

class TopKTest {
    private static final Tensor W = Tensor.matrix(DType.FLOAT64, new double[] {0.1, 0.4, 0.1, 0.4, 0.0});

    @Test
    void largest_first_and_ties_to_the_lower_key() {
        TopK t = TopK.of(W, 0, 3);
        assertArrayEquals(new int[] {1, 3, 0}, t.index);
        assertArrayEquals(new double[] {0.4, 0.4, 0.1}, t.weight);
    }

    @Test
    void k_above_the_key_count_gives_every_key() {
        assertArrayEquals(new int[] {1, 3, 0, 2, 4}, TopK.of(W, 0, 9).index);
    }
}
