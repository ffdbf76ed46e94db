package dev.attention.distributions;

import dev.attention.api.Mask;
import dev.attention.api.Tensor;

/**
 * Runs the sparse maps (sparsemax, 1.5-entmax, α-entmax) row by row through {@link Rows} on the
 * allowed keys only, gathered into a compact row so masked keys are simply absent rather than
 * −∞. The backward pass recomputes the map in double and applies {@link SupportGradient}, so
 * float32 weights are never trusted for the support.
 */
final class SparseRows {
    private SparseRows() {
    }

    /** A sparse map of the compact row {@code z[0..n)}, n ≥ 1: weights {@code p[0..n)} summing to 1. */
    @FunctionalInterface
    interface SparseMap {
        double[] project(double[] z, int n);
    }

    static Tensor weights(Tensor scores, Mask mask, SparseMap map) {
        double[] z = new double[scores.cols()];
        return Rows.forward(scores, mask, (b, i, s, allowed, w) -> {
            int n = Rows.gather(s, allowed, z);
            Rows.scatter(map.project(z, n), allowed, w);
        });
    }

    /** @param exponent {@code 2 − α} of the map, as {@link SupportGradient#backward} takes it */
    static Tensor scoreGradient(String id, Tensor scores, Mask mask, Tensor weights, Tensor weightGradient,
            SparseMap map, double exponent) {
        int m = scores.cols();
        double[] z = new double[m];
        double[] gz = new double[m];
        double[] dz = new double[m];
        return Rows.backward(id, scores, mask, weights, weightGradient, (b, i, s, allowed, w, g, out) -> {
            int n = Rows.gather(s, allowed, z);
            Rows.gather(g, allowed, gz);
            SupportGradient.backward(map.project(z, n), gz, n, exponent, dz);
            Rows.scatter(dz, allowed, out);
        });
    }

    /**
     * {@code x = scale · (z − max z)} over {@code z[0..n)}: every map first shifts the row so its
     * maximum is 0, so that a constant added to the row changes nothing, even in rounding.
     */
    static double[] shifted(double[] z, int n, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[j]);
        }
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = scale * (z[j] - max);
        }
        return x;
    }
}
