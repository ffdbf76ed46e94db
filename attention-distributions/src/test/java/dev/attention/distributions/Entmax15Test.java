package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

class Entmax15Test {
    private final Distribution entmax15 = DistributionFixtures.create(DistributionFixtures.provider("entmax15"));
    private static final double SQRT7 = Math.sqrt(7);

    private static Tensor row(double... v) {
        return Tensor.matrix(FLOAT64, v);
    }

    @Test
    void entmax15_by_hand() {
        // z/2 = (0.5, 0, −0.5). k = 2: mean 0.25, Σ(x − mean)² = 0.125, δ = (1 − 0.125)/2 = 7/16,
        // τ = 1/4 − √7/4 ≈ −0.4114 ≤ 0 ✓. k = 3: mean 0, Σ(x − mean)² = 0.5, δ = 1/6, τ = −0.4082 ≤ −0.5 ✗.
        // p = ((1 + √7)/4)², ((√7 − 1)/4)², 0 = (4 + √7)/8, (4 − √7)/8, 0 ≈ (0.8307189, 0.1692811, 0).
        Tensor w = entmax15.weights(row(1, 0, -1), Mask.all());
        assertEquals((4 + SQRT7) / 8, w.get(0, 0), 1e-15);
        assertEquals((4 - SQRT7) / 8, w.get(0, 1), 1e-15);
        assertEquals(0.0, w.get(0, 2), 0.0);
    }

    @Test
    void it_is_denser_than_sparsemax_on_the_same_row() {
        // sparsemax(1, 0, −1) is one-hot; 1.5-entmax keeps the second key (checked above), softmax all three.
        Tensor w = entmax15.weights(row(1, 0, -1), Mask.all());
        assertTrue(w.get(0, 1) > 0.1, w.toString());
    }

    @Test
    void a_score_far_below_the_others_gets_exactly_zero() {
        Tensor w = entmax15.weights(row(0, -10, 0.5), Mask.all());
        assertEquals(0.0, w.get(0, 1), 0.0);
        assertEquals(1.0, w.get(0, 0) + w.get(0, 2), 1e-15);
    }

    @Test
    void adding_a_constant_to_a_row_changes_nothing() {
        Tensor w = entmax15.weights(row(0.3, -1.2, 0.5, 0.0), Mask.all());
        Tensor shifted = entmax15.weights(row(1000.3, 998.8, 1000.5, 1000.0), Mask.all());
        assertTrue(w.get(0, 1) == 0 && w.get(0, 0) > 0, "the example must have a partial support: " + w);
        for (int j = 0; j < 4; j++) {
            assertEquals(w.get(0, j), shifted.get(0, j), 1e-12);
        }
    }

    @Test
    void huge_scores_give_an_exact_one_hot_in_both_dtypes() {
        // x = z/2 − max = (0, −1e4, −5e3, −2.5e3): k = 2 has δ < 0, τ = −1250 > −2500, so only k = 1: τ = −1.
        for (DType dtype : DType.values()) {
            Tensor w = entmax15.weights(Tensor.matrix(dtype, new double[] {1e4, -1e4, 0, 5e3}), Mask.all());
            assertEquals(Tensor.matrix(dtype, new double[] {1, 0, 0, 0}), w, dtype.id());
        }
    }

    @Test
    void backward_by_hand() {
        // r = √p = ((1 + √7)/4, (√7 − 1)/4, 0), Σr = √7/2. g = (1, 0, 0): Σ r g = (1 + √7)/4,
        // mean = (1 + √7)/(2√7). ds_0 = r_0 (1 − mean) = (1 + √7)(√7 − 1)/(8√7) = 3/(4√7),
        // ds_1 = −r_1 · mean = −3/(4√7), ds_2 = 0. They sum to 0, as any shift-invariant map's must.
        Tensor s = row(1, 0, -1);
        Tensor ds = entmax15.backward(s, Mask.all(), entmax15.weights(s, Mask.all()), row(1, 0, 0)).scores();
        assertEquals(3 / (4 * SQRT7), ds.get(0, 0), 1e-15);
        assertEquals(-3 / (4 * SQRT7), ds.get(0, 1), 1e-15);
        assertEquals(0.0, ds.get(0, 2), 0.0);
    }
}
