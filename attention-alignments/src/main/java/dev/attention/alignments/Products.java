package dev.attention.alignments;

/**
 * Batched matrix products on flat row-major double arrays, shared by the alignments so the
 * triple loops exist once. Everything accumulates in double, whatever the tensors' dtype.
 */
final class Products {
    private Products() {
    }

    /** {@code out[b, i, j] = Σ_c q[b, i, c] · k[b, j, c]}, i.e. {@code Q Kᵀ}, shape {@code [batch, n, m]}. */
    static double[] queryKeyDots(Operands o) {
        int n = o.n;
        int m = o.m;
        int d = o.d;
        double[] out = new double[o.batch * n * m];
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < n; i++) {
                int qi = (b * n + i) * d;
                for (int j = 0; j < m; j++) {
                    int kj = (b * m + j) * d;
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        acc += o.queries[qi + c] * o.keys[kj + c];
                    }
                    out[(b * n + i) * m + j] = acc;
                }
            }
        }
        return out;
    }

    /**
     * Gradients of {@code L} through {@code S = Q Kᵀ} given {@code G = dL/dS} ({@code [batch, n, m]}):
     * fills {@code dq += G K} ({@code [batch, n, d]}) and {@code dk += Gᵀ Q} ({@code [batch, m, d]}).
     */
    static void backThroughDots(Operands o, double[] g, double[] dq, double[] dk) {
        int n = o.n;
        int m = o.m;
        int d = o.d;
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < n; i++) {
                int qi = (b * n + i) * d;
                for (int j = 0; j < m; j++) {
                    double gij = g[(b * n + i) * m + j];
                    if (gij == 0) {
                        continue;
                    }
                    int kj = (b * m + j) * d;
                    for (int c = 0; c < d; c++) {
                        dq[qi + c] += gij * o.keys[kj + c];
                        dk[kj + c] += gij * o.queries[qi + c];
                    }
                }
            }
        }
    }

    /** Euclidean norm of each row of a flat {@code [rows, width]} array. */
    static double[] rowNorms(double[] x, int rows, int width) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            for (int c = 0; c < width; c++) {
                double v = x[r * width + c];
                acc += v * v;
            }
            out[r] = Math.sqrt(acc);
        }
        return out;
    }

    /** {@code x · factor}, in place; returns {@code x}. */
    static double[] scale(double[] x, double factor) {
        for (int t = 0; t < x.length; t++) {
            x[t] *= factor;
        }
        return x;
    }
}
