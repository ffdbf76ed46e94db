package dev.attention.core.stream;

import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * The learned input projections {@code W_q, W_k, W_v [dim, d]} of {@code self} and {@code cross}
 * with {@code project: true}, taken from the batch pipeline's parameters ({@code variant.W_q}, …) and
 * applied row by row; without them rows pass through unchanged.
 */
final class Projection {
    private final Tensor wq;
    private final Tensor wk;
    private final Tensor wv;

    private Projection(Tensor wq, Tensor wk, Tensor wv) {
        this.wq = wq;
        this.wk = wk;
        this.wv = wv;
    }

    /** From a variant's local parameters; rows pass through where a matrix is absent. */
    static Projection of(Parameters variant) {
        return new Projection(variant.find("W_q").orElse(null), variant.find("W_k").orElse(null),
                variant.find("W_v").orElse(null));
    }

    double[] query(double[] x) {
        return apply(wq, x);
    }

    double[] key(double[] x) {
        return apply(wk, x);
    }

    double[] value(double[] x) {
        return apply(wv, x);
    }

    int queryWidth(int d) {
        return wq == null ? d : wq.rows();
    }

    int keyWidth(int d) {
        return wk == null ? d : wk.rows();
    }

    int valueWidth(int d) {
        return wv == null ? d : wv.rows();
    }

    private static double[] apply(Tensor w, double[] x) {
        if (w == null) {
            return x;
        }
        double[] y = new double[w.rows()];
        for (int o = 0; o < y.length; o++) {
            double acc = 0;
            for (int c = 0; c < x.length; c++) {
                acc += w.get(o, c) * x[c];
            }
            y[o] = acc;
        }
        return y;
    }
}
