package dev.attention.core.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;

/**
 * The straightforward computation the kernel must agree with: for each row, every visible score
 * in double, the max-subtracted softmax, the weighted sum. Test-only; weights and outputs as
 * double arrays {@code [batch, n, m]} and {@code [batch, n, d_v]}.
 */
final class Reference {
    final double[] weights;
    final double[] output;

    private Reference(double[] weights, double[] output) {
        this.weights = weights;
        this.output = output;
    }

    static Reference of(Tensor q, Tensor k, Tensor v, int[] qLen, int[] kLen, KeyVisibility vis, double scale,
            double temperature) {
        int batch = q.batchSize();
        int n = q.rows();
        int m = k.rows();
        int d = q.cols();
        int dv = v.cols();
        double s = scale > 0 ? scale : d == 0 ? 1 : 1 / Math.sqrt(d);
        double[] w = new double[batch * n * m];
        double[] out = new double[batch * n * dv];
        double[] z = new double[m];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                if (qLen != null && i >= qLen[b]) {
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    if (!visible(vis, kLen, b, i, j)) {
                        continue;
                    }
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += q.get(b, i, c) * k.get(b, j, c);
                    }
                    z[j] = s * dot;
                    max = Math.max(max, z[j]);
                }
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    if (visible(vis, kLen, b, i, j)) {
                        sum += Math.exp((z[j] - max) / temperature);
                    }
                }
                for (int j = 0; j < m; j++) {
                    if (visible(vis, kLen, b, i, j)) {
                        double wij = Math.exp((z[j] - max) / temperature) / sum;
                        w[(b * n + i) * m + j] = wij;
                        for (int c = 0; c < dv; c++) {
                            out[(b * n + i) * dv + c] += wij * v.get(b, j, c);
                        }
                    }
                }
            }
        }
        return new Reference(w, out);
    }

    private static boolean visible(KeyVisibility vis, int[] kLen, int b, int i, int j) {
        return (kLen == null || j < kLen[b]) && vis.allows(i, j);
    }

    /** Standard normal entries. */
    static Tensor random(Random rnd, DType dtype, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] x = new double[size];
        for (int t = 0; t < size; t++) {
            x[t] = rnd.nextGaussian();
        }
        return Tensor.of(dtype, shape, x);
    }

    /** Random lengths in {@code 0 … max}, biased towards full and empty to hit the edges. */
    static int[] lengths(Random rnd, int batch, int max) {
        int[] l = new int[batch];
        for (int b = 0; b < batch; b++) {
            int pick = rnd.nextInt(4);
            l[b] = pick == 0 ? max : pick == 1 ? rnd.nextInt(Math.min(2, max + 1)) : rnd.nextInt(max + 1);
        }
        return l;
    }

    /**
     * Asserts {@code |actual − expected| ≤ tol · (|expected| + scale)} elementwise, where scale is
     * the largest |expected| (outputs are averages of values, so their error scales with the values).
     */
    static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int t = 0; t < expected.length; t++) {
            double err = Math.abs(actual.at(t) - expected[t]);
            if (!(err <= tol * (Math.abs(expected[t]) + scale))) {
                throw new AssertionError(what + " differs at flat index " + t + ": expected " + expected[t] + ", got "
                        + actual.at(t) + " (tolerance " + tol + " relative)");
            }
        }
    }

    /** Asserts {@code |actual − expected| ≤ tol} elementwise. */
    static void assertWithin(double[] expected, Tensor actual, double tol, String what) {
        for (int t = 0; t < expected.length; t++) {
            if (!(Math.abs(actual.at(t) - expected[t]) <= tol)) {
                throw new AssertionError(what + " differs at flat index " + t + ": expected " + expected[t] + ", got "
                        + actual.at(t) + " (tolerance " + tol + ")");
            }
        }
    }
}
