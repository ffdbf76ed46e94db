package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * Holds the declarations a plugin makes to the fused kernel
 * ({@link Alignment#dotProductScale(int)}, {@link Distribution#softmaxTemperature()}) against the
 * plugin's own forward pass: a variant that sees a declaration hands the attention to the kernel
 * instead of calling the plugin, so a wrong declaration silently changes results. Everything is
 * float64 and compared as {@code |plugin − formula| ≤ 1e-12 · max(1, max|formula|)}, the formula
 * evaluated here in plain loops.
 */
final class DeclarationChecks {
    static final double TOLERANCE = 1e-12;
    /** Operand widths the dot form is checked at: odd, even, tiny and wider than a SIMD lane. */
    static final int[] WIDTHS = {1, 2, 3, 5, 8, 16};

    private DeclarationChecks() {
    }

    /**
     * At every width of {@link #WIDTHS} where {@code a} declares {@code s}, its scores for random
     * {@code q [2, 4, d]}, {@code k [2, 5, d]} must be {@code s·qᵀk}.
     *
     * @return whether {@code a} declared at any of the widths
     */
    static boolean dotProductForm(String plugin, Alignment a, long seed) {
        boolean any = false;
        for (int d : WIDTHS) {
            OptionalDouble declared = a.dotProductScale(d);
            if (declared.isEmpty()) {
                continue;
            }
            any = true;
            double s = declared.getAsDouble();
            assertTrue(Double.isFinite(s), plugin + " declares a non-finite dot-product scale " + s + " at width " + d);
            Tensor q = GradientCheck.random(new int[] {2, 4, d}, seed + 31L * d, -1, 1);
            Tensor k = GradientCheck.random(new int[] {2, 5, d}, seed + 31L * d + 7, -1, 1);
            Tensor got = a.scores(q, k);
            assertArrayEquals(new int[] {2, 4, 5}, got.shape(), plugin + ": scores shape at width " + d);
            double[] expected = new double[2 * 4 * 5];
            double max = 1;
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        double dot = 0;
                        for (int c = 0; c < d; c++) {
                            dot += q.get(b, i, c) * k.get(b, j, c);
                        }
                        expected[(b * 4 + i) * 5 + j] = s * dot;
                        max = Math.max(max, Math.abs(s * dot));
                    }
                }
            }
            compare(plugin + " declares scores " + s + "·qᵀk at width " + d, expected, got, max);
        }
        return any;
    }

    /**
     * When {@code f} declares {@code τ}, its weights must be {@code softmax(s/τ)} over the allowed
     * keys, all zeros on a row without one: scores from {@code scoreRange} and from [−10, 10], with
     * no mask, {@code mask} and a random mask that leaves some rows fully masked.
     *
     * @return whether {@code f} declared
     */
    static boolean softmaxForm(String plugin, Distribution f, Mask mask, double[] scoreRange, long seed) {
        OptionalDouble declared = f.softmaxTemperature();
        if (declared.isEmpty()) {
            return false;
        }
        double tau = declared.getAsDouble();
        assertTrue(tau > 0 && Double.isFinite(tau), plugin + " declares temperature " + tau + ", not finite and > 0");
        Mask random = randomMask(2, 4, 6, seed);
        double[][] ranges = {scoreRange, {-10, 10}};
        Mask[] masks = {Mask.all(), mask, random};
        for (int r = 0; r < ranges.length; r++) {
            Tensor scores = GradientCheck.random(new int[] {2, 4, 6}, seed + r, ranges[r][0], ranges[r][1]);
            for (int mi = 0; mi < masks.length; mi++) {
                Mask m = masks[mi];
                Tensor got = f.weights(scores, m);
                assertArrayEquals(scores.shape(), got.shape(), plugin + ": weights shape");
                compare(plugin + " declares softmax(s/" + tau + ") (scores in [" + ranges[r][0] + ", " + ranges[r][1]
                        + "], mask " + mi + ")", softmax(scores, m, tau), got, 1);
            }
        }
        return true;
    }

    /**
     * A plugin with learnable parameters may only declare when the declaration holds for every
     * value of them: its scores may not depend on them. This gives {@code p} other values.
     */
    static Parameters perturbed(Parameters p, long seed) {
        Random r = new Random(seed);
        return p.map((name, t) -> {
            Tensor.Builder b = Tensor.builder(t.dtype(), t.shape());
            for (int x = 0; x < t.size(); x++) {
                b.set(x, t.at(x) + 0.5 * (2 * r.nextDouble() - 1) * (1 + Math.abs(t.at(x))));
            }
            return b.build();
        });
    }

    /** The same declaration at every width of {@link #WIDTHS}. */
    static void sameDotProductScales(String plugin, Alignment a, Alignment b) {
        for (int d : WIDTHS) {
            assertEquals(a.dotProductScale(d), b.dotProductScale(d),
                    plugin + ": the declared dot-product scale at width " + d + " changed with the learnable parameters");
        }
    }

    private static Mask randomMask(int batch, int n, int m, long seed) {
        boolean[] allow = new boolean[batch * n * m];
        Random r = new Random(seed);
        for (int x = 0; x < allow.length; x++) {
            allow[x] = r.nextDouble() < 0.6;
        }
        // Row (0, 1) fully masked, row (1, 2) with a single key.
        for (int j = 0; j < m; j++) {
            allow[(0 * n + 1) * m + j] = false;
            allow[(1 * n + 2) * m + j] = j == 3;
        }
        return (b, i, j) -> allow[(b * n + i) * m + j];
    }

    private static double[] softmax(Tensor s, Mask mask, double tau) {
        int n = s.rows();
        int m = s.cols();
        double[] w = new double[s.size()];
        for (int b = 0; b < s.batchSize(); b++) {
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    if (mask.allows(b, i, j)) {
                        max = Math.max(max, s.get(b, i, j) / tau);
                    }
                }
                if (max == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    if (mask.allows(b, i, j)) {
                        sum += Math.exp(s.get(b, i, j) / tau - max);
                    }
                }
                for (int j = 0; j < m; j++) {
                    if (mask.allows(b, i, j)) {
                        w[(b * n + i) * m + j] = Math.exp(s.get(b, i, j) / tau - max) / sum;
                    }
                }
            }
        }
        return w;
    }

    private static void compare(String what, double[] expected, Tensor got, double scale) {
        assertEquals(DType.FLOAT64, got.dtype(), what + ": float64 in, float64 out");
        for (int x = 0; x < expected.length; x++) {
            double g = got.at(x);
            if (!(Math.abs(g - expected[x]) <= TOLERANCE * scale)) {
                fail(what + ", but element " + x + " is " + g + ", expected " + expected[x]);
            }
        }
    }
}
