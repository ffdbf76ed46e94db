package dev.attention.distributions;

import dev.attention.api.Mask;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Runs a distribution row by row, so the mask handling exists once: each query row of
 * {@code [batch…, n, m]} scores is copied to doubles with the keys the {@link Mask} allows; the
 * row function only sees rows with at least one allowed key, and whatever it writes at a masked
 * position is replaced by exactly 0. Rows with no allowed key stay all zeros. Results take the
 * scores' dtype.
 */
final class Rows {
    private Rows() {
    }

    /** Computes the weights of one row; {@code w} arrives zeroed. */
    @FunctionalInterface
    interface Forward {
        void weights(int batch, int query, double[] s, boolean[] allowed, double[] w);
    }

    /** Computes {@code dL/ds} of one row from scores, weights and {@code g = dL/dw}; {@code ds} arrives zeroed. */
    @FunctionalInterface
    interface Backward {
        void scoreGradient(int batch, int query, double[] s, boolean[] allowed, double[] w, double[] g, double[] ds);
    }

    static Tensor forward(Tensor scores, Mask mask, Forward f) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(mask, "mask");
        int m = scores.cols();
        double[] all = scores.toDoubleArray();
        double[] s = new double[m];
        double[] w = new double[m];
        return eachAllowedRow(scores, mask, (b, i, base, allowed) -> {
            System.arraycopy(all, base, s, 0, m);
            Arrays.fill(w, 0);
            f.weights(b, i, s, allowed, w);
            return w;
        });
    }

    static Tensor backward(String id, Tensor scores, Mask mask, Tensor weights, Tensor weightGradient, Backward f) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(mask, "mask");
        sameShape(id, "weights", scores, Objects.requireNonNull(weights, "weights"));
        sameShape(id, "weight gradient", scores, Objects.requireNonNull(weightGradient, "weightGradient"));
        int m = scores.cols();
        double[] allS = scores.toDoubleArray();
        double[] allW = weights.toDoubleArray();
        double[] allG = weightGradient.toDoubleArray();
        double[] s = new double[m];
        double[] w = new double[m];
        double[] g = new double[m];
        double[] ds = new double[m];
        return eachAllowedRow(scores, mask, (b, i, base, allowed) -> {
            System.arraycopy(allS, base, s, 0, m);
            System.arraycopy(allW, base, w, 0, m);
            System.arraycopy(allG, base, g, 0, m);
            Arrays.fill(ds, 0);
            f.scoreGradient(b, i, s, allowed, w, g, ds);
            return ds;
        });
    }

    /** {@code Σ_j w_j g_j} over the allowed keys: the weighted mean of the upstream gradient. */
    static double weightedSum(double[] w, double[] g, boolean[] allowed) {
        double acc = 0;
        for (int j = 0; j < w.length; j++) {
            if (allowed[j]) {
                acc += w[j] * g[j];
            }
        }
        return acc;
    }

    /**
     * Copies the allowed entries of {@code row} into the front of {@code dst}, in key order, and returns
     * how many there are: the row as sparse maps see it, with masked keys simply absent.
     */
    static int gather(double[] row, boolean[] allowed, double[] dst) {
        int k = 0;
        for (int j = 0; j < row.length; j++) {
            if (allowed[j]) {
                dst[k++] = row[j];
            }
        }
        return k;
    }

    /** The inverse of {@link #gather}: writes {@code src[0..]} back to the allowed keys of {@code row}. */
    static void scatter(double[] src, boolean[] allowed, double[] row) {
        int k = 0;
        for (int j = 0; j < row.length; j++) {
            if (allowed[j]) {
                row[j] = src[k++];
            }
        }
    }

    /** One row with an allowed key; returns the row to store, masked positions not yet zeroed. */
    @FunctionalInterface
    private interface Row {
        double[] compute(int batch, int query, int base, boolean[] allowed);
    }

    /**
     * The loop forward and backward share: runs {@code row} on every query row with an allowed key
     * ({@code base} is the row's offset in the flat scores) and stores its result with masked
     * positions exactly 0; other rows stay zero. The result has the scores' shape and dtype.
     */
    private static Tensor eachAllowedRow(Tensor scores, Mask mask, Row row) {
        int m = scores.cols();
        double[] out = new double[scores.size()];
        boolean[] allowed = new boolean[m];
        for (int b = 0; b < scores.batchSize(); b++) {
            for (int i = 0; i < scores.rows(); i++) {
                int base = (b * scores.rows() + i) * m;
                if (!allowedKeys(mask, b, i, allowed)) {
                    continue;
                }
                copyAllowed(row.compute(b, i, base, allowed), allowed, out, base);
            }
        }
        return Tensor.of(scores.dtype(), scores.shape(), out);
    }

    /** Fills {@code allowed} for row {@code (b, i)}; false when no key is allowed. */
    private static boolean allowedKeys(Mask mask, int b, int i, boolean[] allowed) {
        boolean any = false;
        for (int j = 0; j < allowed.length; j++) {
            allowed[j] = mask.allowsAll() || mask.allows(b, i, j);
            any |= allowed[j];
        }
        return any;
    }

    private static void copyAllowed(double[] row, boolean[] allowed, double[] out, int base) {
        for (int j = 0; j < row.length; j++) {
            out[base + j] = allowed[j] ? row[j] : 0;
        }
    }

    private static void sameShape(String id, String what, Tensor scores, Tensor other) {
        if (!Arrays.equals(scores.shape(), other.shape())) {
            throw new ShapeException(id + " backward needs " + what + " of the scores' shape "
                    + ShapeException.format(scores.shape()) + ", got " + ShapeException.format(other.shape()));
        }
    }
}
