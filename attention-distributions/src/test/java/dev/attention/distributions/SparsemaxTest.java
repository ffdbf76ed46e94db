package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

class SparsemaxTest {
    private final Distribution sparsemax = DistributionFixtures.create(DistributionFixtures.provider("sparsemax"));

    private static Tensor row(double... v) {
        return Tensor.matrix(FLOAT64, v);
    }

    @Test
    void projection_by_hand() {
        // Sorted (0.5, 0.2, −1): k = 1: 1 + 0.5 > 0.5 ✓; k = 2: 1 + 0.4 = 1.4 > 0.7 ✓; k = 3: 1 − 3 = −2 > −0.3 ✗.
        // τ = (0.5 + 0.2 − 1)/2 = −0.15 → p = (0.65, 0.35, 0).
        Tensor w = sparsemax.weights(row(0.5, 0.2, -1), Mask.all());
        assertEquals(0.65, w.get(0, 0), 1e-15);
        assertEquals(0.35, w.get(0, 1), 1e-15);
        assertEquals(0.0, w.get(0, 2), 0.0);
    }

    @Test
    void a_score_far_below_the_others_gets_exactly_zero() {
        // (0, −10, 0.5): k = 2, τ = (0.5 + 0 − 1)/2 = −0.25 → (0.25, 0, 0.75); −10 − τ < 0 is clipped to 0.0 exactly.
        Tensor w = sparsemax.weights(row(0, -10, 0.5), Mask.all());
        assertEquals(0.25, w.get(0, 0), 1e-15);
        assertEquals(0.0, w.get(0, 1), 0.0);
        assertEquals(0.75, w.get(0, 2), 1e-15);
    }

    @Test
    void a_clear_winner_takes_everything() {
        // (1, 0, −1): k = 2 fails (1 + 0 > 1 ✗), τ = 0 → (1, 0, 0): sparsemax can be one-hot, softmax never is.
        assertEquals(row(1, 0, 0), sparsemax.weights(row(1, 0, -1), Mask.all()));
    }

    @Test
    void adding_a_constant_to_a_row_changes_nothing() {
        Tensor w = sparsemax.weights(row(0.3, -1.2, 0.5, 0.0), Mask.all());
        Tensor shifted = sparsemax.weights(row(1000.3, 998.8, 1000.5, 1000.0), Mask.all());
        assertTrue(w.get(0, 1) == 0 && w.get(0, 0) > 0, "the example must have a partial support: " + w);
        for (int j = 0; j < 4; j++) {
            // 1000.3 is not exactly 1000 + 0.3 in binary, so only rounding-level agreement is possible.
            assertEquals(w.get(0, j), shifted.get(0, j), 1e-12);
        }
    }

    @Test
    void huge_scores_give_an_exact_one_hot_in_both_dtypes() {
        // k = 2: 1 + 2·5e3 = 10001 > 15000 ✗, so τ = 1e4 − 1 and only 1e4 survives.
        for (DType dtype : DType.values()) {
            Tensor w = sparsemax.weights(Tensor.matrix(dtype, new double[] {1e4, -1e4, 0, 5e3}), Mask.all());
            assertEquals(Tensor.matrix(dtype, new double[] {1, 0, 0, 0}), w, dtype.id());
        }
    }

    @Test
    void masked_keys_are_left_out_of_the_projection() {
        // Key 0 (9) masked: the rest is (0.5, 0.2, −1) → (0, 0.65, 0.35, 0).
        Tensor w = sparsemax.weights(row(9, 0.5, 0.2, -1), (b, i, j) -> j != 0);
        assertEquals(0.0, w.get(0, 0), 0.0);
        assertEquals(0.65, w.get(0, 1), 1e-15);
        assertEquals(0.35, w.get(0, 2), 1e-15);
        assertEquals(0.0, w.get(0, 3), 0.0);
    }

    @Test
    void backward_by_hand() {
        // Support {0, 1} of (0.5, 0.2, −1); g = (1, 2, 3): mean over the support 1.5 → ds = (−0.5, 0.5, 0).
        Tensor s = row(0.5, 0.2, -1);
        Tensor ds = sparsemax.backward(s, Mask.all(), sparsemax.weights(s, Mask.all()), row(1, 2, 3)).scores();
        assertEquals(row(-0.5, 0.5, 0), ds);
    }

    @Test
    void backward_support_is_recomputed_in_double_for_float32() {
        // Same row in float32: the support is taken from the scores, so ds is still (−0.5, 0.5, 0).
        Tensor s = Tensor.matrix(FLOAT32, new double[] {0.5, 0.2, -1});
        Tensor g = Tensor.matrix(FLOAT32, new double[] {1, 2, 3});
        Tensor ds = sparsemax.backward(s, Mask.all(), sparsemax.weights(s, Mask.all()), g).scores();
        assertEquals(Tensor.matrix(FLOAT32, new double[] {-0.5, 0.5, 0}), ds);
    }
}
