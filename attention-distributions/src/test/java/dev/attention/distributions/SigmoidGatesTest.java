package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sigmoid with {@code normalize: false}: independent gates σ(s) that need not sum to 1. */
class SigmoidGatesTest {
    private final Distribution gates = DistributionFixtures.create(DistributionFixtures.provider("sigmoid"), Map.of("normalize", false));

    private static Tensor row(double... v) {
        return Tensor.matrix(FLOAT64, v);
    }

    @Test
    void gates_by_hand() {
        // σ(0) = 1/2, σ(ln 3) = 3/4, σ(−ln 3) = 1/4: the row sums to 1.5, not 1.
        Tensor w = gates.weights(row(0, Math.log(3), -Math.log(3)), Mask.all());
        assertEquals(0.5, w.get(0, 0), 1e-15);
        assertEquals(0.75, w.get(0, 1), 1e-15);
        assertEquals(0.25, w.get(0, 2), 1e-15);
    }

    @Test
    void gates_say_they_do_not_sum_to_one_and_the_default_does() {
        assertFalse(gates.sumsToOne());
        assertTrue(DistributionFixtures.create(DistributionFixtures.provider("sigmoid")).sumsToOne());
    }

    @Test
    void masked_gates_are_zero_and_a_fully_masked_row_is_all_zeros() {
        // σ(5) would be 0.9933; masked it is exactly 0.
        Tensor w = gates.weights(Tensor.of(FLOAT64, new int[] {2, 1, 2}, 5, 0, 1, 2), (b, i, j) -> b == 0 && j == 1);
        assertEquals(Tensor.of(FLOAT64, new int[] {2, 1, 2}, 0, 0.5, 0, 0), w);
    }

    @Test
    void huge_scores_saturate_without_nan() {
        for (DType dtype : DType.values()) {
            Tensor w = gates.weights(Tensor.matrix(dtype, new double[] {1e4, -1e4, 0}), Mask.all());
            assertEquals(Tensor.matrix(dtype, new double[] {1, 0, 0.5}), w);
        }
    }

    @Test
    void backward_by_hand() {
        // σ(1 − σ) = 1/4 at 0 and 3/16 at ±ln 3; g = (1, 1, 2) → ds = (0.25, 0.1875, 0.375).
        Tensor s = row(0, Math.log(3), -Math.log(3));
        Tensor ds = gates.backward(s, Mask.all(), gates.weights(s, Mask.all()), row(1, 1, 2)).scores();
        assertEquals(0.25, ds.get(0, 0), 1e-15);
        assertEquals(0.1875, ds.get(0, 1), 1e-15);
        assertEquals(0.375, ds.get(0, 2), 1e-15);
    }
}
