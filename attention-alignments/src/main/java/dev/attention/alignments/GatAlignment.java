package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * GAT's score (Veličković et al. 2018): {@code a(k, q) = LeakyReLU(aᵀ [q ‖ k])} with learnable
 * {@code a [1, d_q + d_k]}, its first {@code d_q} entries for the query (node i), the rest for the
 * key (neighbour j), and a fixed negative slope ({@code LeakyReLU(x) = x} for {@code x ≥ 0},
 * {@code slope·x} below). The sum splits as {@code a_qᵀ q_i + a_kᵀ k_j}, so each half is taken
 * once per row and only the addition and the LeakyReLU run per pair. The graph variant applies
 * GAT's shared {@code W} before calling it. Immutable.
 */
final class GatAlignment implements Alignment {
    static final String ID = "gat";
    static final String A = "a";
    private final Weights weights;
    private final double slope;
    private final int dq;
    private final int dk;

    /** @param weights holding {@code a [1, d_q + d_k]} */
    GatAlignment(Weights weights, double slope, int dq, int dk) {
        this.weights = weights;
        this.slope = slope;
        this.dq = dq;
        this.dk = dk;
    }

    /** {@code a_qᵀ x} per row of {@code x} ({@code count} rows of {@code width}), {@code a_q} at {@code offset} of {@code a}. */
    private static double[] halves(double[] x, int count, int width, double[] a, int offset) {
        double[] out = new double[count];
        for (int r = 0; r < count; r++) {
            double acc = 0;
            for (int c = 0; c < width; c++) {
                acc += a[offset + c] * x[r * width + c];
            }
            out[r] = acc;
        }
        return out;
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Operands o = Operands.sized(ID, queries, keys, dq, dk);
        double[] a = weights.values(A);
        double[] sq = halves(o.queries, o.batch * o.n, dq, a, 0);
        double[] sk = halves(o.keys, o.batch * o.m, dk, a, dq);
        double[] s = new double[o.batch * o.n * o.m];
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                for (int j = 0; j < o.m; j++) {
                    double x = sq[b * o.n + i] + sk[b * o.m + j];
                    s[(b * o.n + i) * o.m + j] = x >= 0 ? x : slope * x;
                }
            }
        }
        return o.scores(s);
    }

    /**
     * With {@code x_ij = a_qᵀ q_i + a_kᵀ k_j} and {@code g_ij = G_ij · (1 if x_ij ≥ 0 else slope)}:
     * {@code dq_i = (Σ_j g_ij) a_q}, {@code dk_j = (Σ_i g_ij) a_k}, {@code da_q = Σ_i (Σ_j g_ij) q_i},
     * {@code da_k = Σ_j (Σ_i g_ij) k_j}.
     */
    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        Operands o = Operands.sized(ID, queries, keys, dq, dk);
        double[] g = o.scoreGradient(ID, scoreGradient);
        double[] a = weights.values(A);
        double[] sq = halves(o.queries, o.batch * o.n, dq, a, 0);
        double[] sk = halves(o.keys, o.batch * o.m, dk, a, dq);
        double[] rowSum = new double[o.batch * o.n];
        double[] colSum = new double[o.batch * o.m];
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                for (int j = 0; j < o.m; j++) {
                    double x = sq[b * o.n + i] + sk[b * o.m + j];
                    double gij = g[(b * o.n + i) * o.m + j] * (x >= 0 ? 1 : slope);
                    rowSum[b * o.n + i] += gij;
                    colSum[b * o.m + j] += gij;
                }
            }
        }
        double[] dQueries = new double[o.queries.length];
        double[] dKeys = new double[o.keys.length];
        double[] da = new double[a.length];
        for (int r = 0; r < rowSum.length; r++) {
            for (int c = 0; c < dq; c++) {
                dQueries[r * dq + c] = rowSum[r] * a[c];
                da[c] += rowSum[r] * o.queries[r * dq + c];
            }
        }
        for (int r = 0; r < colSum.length; r++) {
            for (int c = 0; c < dk; c++) {
                dKeys[r * dk + c] = colSum[r] * a[dq + c];
                da[dq + c] += colSum[r] * o.keys[r * dk + c];
            }
        }
        return o.gradients(dQueries, dKeys, weights.gradients(Map.of(A, da)));
    }

    @Override
    public Parameters parameters() {
        return weights.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        return new GatAlignment(weights.with(parameters), slope, dq, dk);
    }

    @Override
    public String toString() {
        return ID + "(" + weights + ", slope " + slope + ")";
    }
}
