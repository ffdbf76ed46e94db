package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

class NormalizeTest {
    private final Distribution normalize = DistributionFixtures.create(DistributionFixtures.provider("normalize"));

    private static Tensor row(double... v) {
        return Tensor.matrix(FLOAT64, v);
    }

    @Test
    void proportional_weights_by_hand() {
        // (1, 3): sum 4 → (1/4, 3/4).
        Tensor w = normalize.weights(row(1, 3), Mask.all());
        assertEquals(Tensor.matrix(FLOAT64, new double[] {0.25, 0.75}), w);
    }

    @Test
    void a_zero_score_is_allowed_and_gets_weight_zero() {
        // (0, 2): sum 2 → (0, 1).
        assertEquals(Tensor.matrix(FLOAT64, new double[] {0, 1}), normalize.weights(row(0, 2), Mask.all()));
    }

    @Test
    void masked_scores_may_be_negative() {
        // Key 1 (−5) is masked, so only 1 and 3 count: (0.25, 0, 0.75).
        Tensor w = normalize.weights(row(1, -5, 3), (b, i, j) -> j != 1);
        assertEquals(Tensor.matrix(FLOAT64, new double[] {0.25, 0, 0.75}), w);
    }

    @Test
    void a_negative_allowed_score_is_refused_naming_its_position() {
        // Batch 0, query 1, key 2 holds −0.5.
        Tensor s = Tensor.of(FLOAT64, new int[] {1, 2, 3}, 1, 2, 3, 4, 5, -0.5);
        AttentionException e = assertThrows(AttentionException.class, () -> normalize.weights(s, Mask.all()));
        assertTrue(e.getMessage().contains("-0.5 at batch 0, query 1, key 2"), e.getMessage());
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }

    @Test
    void float32_values_are_shown_as_floats() {
        // Widened, float32 −0.1 would print as −0.10000000149011612.
        AttentionException e = assertThrows(AttentionException.class,
                () -> normalize.weights(Tensor.matrix(FLOAT32, new double[] {1, -0.1}), Mask.all()));
        assertTrue(e.getMessage().contains("got -0.1 at batch 0, query 0, key 1"), e.getMessage());
    }

    @Test
    void nan_is_refused_like_a_negative_score() {
        AttentionException e = assertThrows(AttentionException.class,
                () -> normalize.weights(row(1, Double.NaN), Mask.all()));
        assertTrue(e.getMessage().contains("NaN at batch 0, query 0, key 1"), e.getMessage());
    }

    @Test
    void allowed_scores_summing_to_zero_are_refused() {
        AttentionException e = assertThrows(AttentionException.class,
                () -> normalize.weights(row(0, 0, 9), (b, i, j) -> j < 2));
        assertTrue(e.getMessage().contains("sum to 0"), e.getMessage());
        assertTrue(e.getMessage().contains("batch 0, query 0"), e.getMessage());
    }

    @Test
    void a_fully_masked_row_is_zeros_even_with_negative_scores() {
        Tensor w = normalize.weights(row(-1, -2), (b, i, j) -> false);
        assertEquals(Tensor.zeros(FLOAT64, 1, 2), w);
    }

    @Test
    void backward_by_hand() {
        // s = (1, 3), Z = 4, w = (0.25, 0.75). g = (1, 0): Σ w g = 0.25.
        // ds = ((1 − 0.25)/4, (0 − 0.25)/4) = (0.1875, −0.0625).
        Tensor s = row(1, 3);
        Tensor ds = normalize.backward(s, Mask.all(), normalize.weights(s, Mask.all()), row(1, 0)).scores();
        assertEquals(Tensor.matrix(FLOAT64, new double[] {0.1875, -0.0625}), ds);
    }
}
