package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** α-entmax by bisection against its special cases: α = 2 is sparsemax, α = 1.5 is entmax15, α → 1 is softmax. */
class EntmaxTest {
    /** Key 1 of every row masked, so the comparisons also cover masked rows. */
    private static final Mask MASK = (b, i, j) -> j != 1;

    private static Distribution entmax(double alpha) {
        return DistributionFixtures.create(DistributionFixtures.provider("entmax"), Map.of("alpha", alpha));
    }

    /** 4 × 6 scores in [−3, 3): wide enough that the sparse maps leave some keys at exactly 0. */
    private static Tensor scores() {
        return GradientCheck.random(new int[] {4, 6}, 31, -3, 3);
    }

    private static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.at(k), actual.at(k), tolerance, "element " + k);
        }
    }

    @Test
    void alpha_two_is_sparsemax() {
        Tensor s = scores();
        Tensor sparse = DistributionFixtures.create(DistributionFixtures.provider("sparsemax")).weights(s, MASK);
        int zeros = 0;
        for (int k = 0; k < sparse.size(); k++) {
            zeros += sparse.at(k) == 0 && MASK.allows(0, k / 6, k % 6) ? 1 : 0;
        }
        assertTrue(zeros > 0, "the scores must leave some allowed keys out of the support");
        assertClose(sparse, entmax(2).weights(s, MASK), 1e-9);
    }

    @Test
    void alpha_two_backward_is_sparsemax_backward() {
        Tensor s = scores();
        Tensor g = GradientCheck.probe(new int[] {4, 6}, 37);
        Distribution sparsemax = DistributionFixtures.create(DistributionFixtures.provider("sparsemax"));
        Distribution two = entmax(2);
        assertClose(sparsemax.backward(s, MASK, sparsemax.weights(s, MASK), g).scores(),
                two.backward(s, MASK, two.weights(s, MASK), g).scores(), 1e-9);
    }

    @Test
    void alpha_one_and_a_half_is_entmax15() {
        Tensor s = scores();
        Distribution exact = DistributionFixtures.create(DistributionFixtures.provider("entmax15"));
        assertClose(exact.weights(s, MASK), entmax(1.5).weights(s, MASK), 1e-6);
        Tensor g = GradientCheck.probe(new int[] {4, 6}, 41);
        assertClose(exact.backward(s, MASK, exact.weights(s, MASK), g).scores(),
                entmax(1.5).backward(s, MASK, entmax(1.5).weights(s, MASK), g).scores(), 1e-6);
    }

    @Test
    void alpha_towards_one_approaches_softmax() {
        // [(α−1)z − τ]_+^{1/(α−1)} → exp(z − τ') as α → 1: the gap to softmax shrinks roughly like α − 1.
        Tensor s = scores();
        Tensor soft = DistributionFixtures.create(DistributionFixtures.provider("softmax")).weights(s, MASK);
        double previous = Double.POSITIVE_INFINITY;
        for (double alpha : new double[] {1.1, 1.01, 1.001}) {
            Tensor w = entmax(alpha).weights(s, MASK);
            double gap = 0;
            for (int k = 0; k < w.size(); k++) {
                gap = Math.max(gap, Math.abs(w.at(k) - soft.at(k)));
            }
            assertTrue(gap < previous, "α = " + alpha + ": gap " + gap + " did not shrink from " + previous);
            previous = gap;
        }
        assertTrue(previous < 1e-3, "α = 1.001 is " + previous + " from softmax");
    }

    @Test
    void larger_alpha_is_sparser() {
        // Row (1, 0.5, 0, −0.5): α = 1.2 keeps every key, α = 3 drops the smallest.
        Tensor s = Tensor.matrix(FLOAT64, new double[] {1, 0.5, 0, -0.5});
        assertTrue(entmax(1.2).weights(s, Mask.all()).get(0, 3) > 0);
        assertEquals(0.0, entmax(3).weights(s, Mask.all()).get(0, 3), 0.0);
    }

    @Test
    void the_newton_step_makes_a_short_bisection_exact() {
        // 25 halvings leave τ within about 3e-8; one Newton step from there lands at rounding level, so
        // α = 2 still agrees with the sorted sparsemax to 1e-13 (without the step the gap is ~1e-8).
        Tensor s = scores();
        Distribution shortRun = DistributionFixtures.create(DistributionFixtures.provider("entmax"),
                Map.of("alpha", 2.0, "max-iter", 25));
        assertClose(DistributionFixtures.create(DistributionFixtures.provider("sparsemax")).weights(s, MASK), shortRun.weights(s, MASK),
                1e-13);
    }

    @Test
    void one_bisection_step_still_sums_to_one() {
        // max-iter 1 leaves τ rough, but p is renormalised at the end.
        Distribution rough = DistributionFixtures.create(DistributionFixtures.provider("entmax"), Map.of("max-iter", 1));
        Tensor w = rough.weights(Tensor.matrix(FLOAT64, new double[] {0.7, 0.1, -0.4, 0.2, 0.0}), Mask.all());
        double sum = 0;
        for (int j = 0; j < 5; j++) {
            sum += w.get(0, j);
        }
        assertEquals(1.0, sum, 1e-15);
    }
}
