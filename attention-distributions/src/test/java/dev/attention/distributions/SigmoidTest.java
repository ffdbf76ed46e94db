package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

class SigmoidTest {
    private final Distribution sigmoid = DistributionFixtures.create(DistributionFixtures.provider("sigmoid"));

    private static Tensor row(double... v) {
        return Tensor.matrix(FLOAT64, v);
    }

    @Test
    void normalised_sigmoids_by_hand() {
        // σ(0) = 1/2, σ(ln 3) = 1/(1 + 1/3) = 3/4; Z = 5/4 → (0.4, 0.6).
        Tensor w = sigmoid.weights(row(0, Math.log(3)), Mask.all());
        assertEquals(0.4, w.get(0, 0), 1e-15);
        assertEquals(0.6, w.get(0, 1), 1e-15);
    }

    @Test
    void symmetric_scores_by_hand() {
        // σ(−1) = 0.2689414, σ(0) = 0.5, σ(1) = 0.7310586; σ(−1) + σ(1) = 1, so Z = 1.5.
        // → 0.2689414/1.5 = 0.1792943, 0.5/1.5 = 1/3, 0.7310586/1.5 = 0.4873724.
        Tensor w = sigmoid.weights(row(-1, 0, 1), Mask.all());
        assertEquals(0.1792943, w.get(0, 0), 1e-7);
        assertEquals(1.0 / 3, w.get(0, 1), 1e-15);
        assertEquals(0.4873724, w.get(0, 2), 1e-7);
    }

    @Test
    void very_negative_scores_do_not_divide_zero_by_zero() {
        // σ(−1000) underflows to 0 in double, but σ(−1000)/σ(−1001) → e: weights e/(1 + e), 1/(1 + e).
        for (var dtype : new dev.attention.api.DType[] {FLOAT64, FLOAT32}) {
            Tensor w = sigmoid.weights(Tensor.matrix(dtype, new double[] {-1000, -1001}), Mask.all());
            assertTrue(w.isFinite(), w.toString());
            assertEquals(0.7310586, w.get(0, 0), 1e-6);
            assertEquals(0.2689414, w.get(0, 1), 1e-6);
        }
    }

    @Test
    void huge_scores_saturate() {
        // σ = (1, 0, 1/2, 1), Z = 2.5 → (0.4, 0, 0.2, 0.4).
        Tensor w = sigmoid.weights(Tensor.matrix(FLOAT32, new double[] {1e4, -1e4, 0, 5e3}), Mask.all());
        assertEquals(Tensor.matrix(FLOAT32, new double[] {0.4, 0, 0.2, 0.4}), w);
    }

    @Test
    void masked_keys_get_exactly_zero() {
        // Key 0 masked: only σ(0) = 1/2 and σ(ln 3) = 3/4 remain → (0, 0.4, 0.6).
        Tensor w = sigmoid.weights(row(7, 0, Math.log(3)), (b, i, j) -> j != 0);
        assertEquals(0.0, w.get(0, 0), 0.0);
        assertEquals(0.4, w.get(0, 1), 1e-15);
        assertEquals(0.6, w.get(0, 2), 1e-15);
    }

    @Test
    void backward_by_hand() {
        // s = (0, ln 3): w = (0.4, 0.6), 1 − σ = (1/2, 1/4). g = (1, 0): Σ w g = 0.4.
        // ds_0 = 0.4 · 1/2 · (1 − 0.4) = 0.12, ds_1 = 0.6 · 1/4 · (0 − 0.4) = −0.06.
        Tensor s = row(0, Math.log(3));
        Tensor ds = sigmoid.backward(s, Mask.all(), sigmoid.weights(s, Mask.all()), row(1, 0)).scores();
        assertEquals(0.12, ds.get(0, 0), 1e-15);
        assertEquals(-0.06, ds.get(0, 1), 1e-15);
    }
}
