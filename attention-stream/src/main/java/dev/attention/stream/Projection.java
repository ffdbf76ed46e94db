package dev.attention.stream;

import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.StreamForm;

/**
 * The learned row maps {@code [out, in]} a variant's {@link StreamForm} names, taken from the batch
 * pipeline's parameters and applied row by row; rows pass through where it names none.
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

    /** The row maps {@code form} names, from the pipeline's qualified parameters; rows pass through where it names none. */
    static Projection of(Parameters all, StreamForm form) {
        return new Projection(form.queryMap().map(all::get).orElse(null), form.keyMap().map(all::get).orElse(null),
                form.valueMap().map(all::get).orElse(null));
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
