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
        return dots(o.queries, o.keys, o.batch, o.n, o.m, o.d);
    }

    /**
     * {@code out[b, i, j] = Σ_c a[b, i, c] · c[b, j, c]} for {@code a [batch, n, d]} and
     * {@code c [batch, m, d]}: the batched {@code A Cᵀ}, shape {@code [batch, n, m]}.
     */
    static double[] dots(double[] a, double[] c, int batch, int n, int m, int d) {
        double[] out = new double[batch * n * m];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                int ai = (b * n + i) * d;
                for (int j = 0; j < m; j++) {
                    int cj = (b * m + j) * d;
                    double acc = 0;
                    for (int x = 0; x < d; x++) {
                        acc += a[ai + x] * c[cj + x];
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
        backThroughDots(o.queries, o.keys, o.batch, o.n, o.m, o.d, g, dq, dk);
    }

    /**
     * Gradients through {@code S = A Cᵀ} (see {@link #dots}) given {@code G = dL/dS}: fills
     * {@code da += G C} and {@code dc += Gᵀ A}.
     */
    static void backThroughDots(double[] a, double[] c, int batch, int n, int m, int d, double[] g, double[] da,
            double[] dc) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                int ai = (b * n + i) * d;
                for (int j = 0; j < m; j++) {
                    double gij = g[(b * n + i) * m + j];
                    if (gij == 0) {
                        continue;
                    }
                    int cj = (b * m + j) * d;
                    for (int x = 0; x < d; x++) {
                        da[ai + x] += gij * c[cj + x];
                        dc[cj + x] += gij * a[ai + x];
                    }
                }
            }
        }
    }

    /**
     * {@code out[b, i, j] = ‖q[b, i] − k[b, j]‖²}, summed term by term (not as ‖q‖² + ‖k‖² − 2q·k,
     * which cancels badly for nearby points and can even turn negative).
     */
    static double[] squaredDistances(Operands o) {
        int d = o.d;
        double[] out = new double[o.batch * o.n * o.m];
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                int qi = (b * o.n + i) * d;
                for (int j = 0; j < o.m; j++) {
                    int kj = (b * o.m + j) * d;
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        double diff = o.queries[qi + c] - o.keys[kj + c];
                        acc += diff * diff;
                    }
                    out[(b * o.n + i) * o.m + j] = acc;
                }
            }
        }
        return out;
    }

    /**
     * Gradients through functions of the differences {@code q_i − k_j}: given coefficients
     * {@code C [batch, n, m]} with {@code dL/d(q_i − k_j) = C_ij (q_i − k_j)}, fills
     * {@code dq_i += Σ_j C_ij (q_i − k_j)} and {@code dk_j −= Σ_i C_ij (q_i − k_j)}.
     */
    static void backThroughDifferences(Operands o, double[] coefficients, double[] dq, double[] dk) {
        int d = o.d;
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                int qi = (b * o.n + i) * d;
                for (int j = 0; j < o.m; j++) {
                    double cij = coefficients[(b * o.n + i) * o.m + j];
                    if (cij == 0) {
                        continue;
                    }
                    int kj = (b * o.m + j) * d;
                    for (int c = 0; c < d; c++) {
                        double v = cij * (o.queries[qi + c] - o.keys[kj + c]);
                        dq[qi + c] += v;
                        dk[kj + c] -= v;
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

    /** {@code Σ_t a_t · b_t}. */
    static double dot(double[] a, double[] b) {
        double acc = 0;
        for (int t = 0; t < a.length; t++) {
            acc += a[t] * b[t];
        }
        return acc;
    }
}
