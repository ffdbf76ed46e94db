package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * {@code a(k, q) = vᵀ tanh(W_q q + W_k k)} with learnable {@code W_q [h, d_q]}, {@code W_k [h, d_k]}
 * and {@code v [1, h]}. The projections {@code W_q q_i} and {@code W_k k_j} are computed once per
 * row, so only the tanh and the sum over h run per (query, key) pair. Immutable.
 */
final class AdditiveAlignment implements Alignment {
    static final String ID = "additive";
    static final String W_Q = "W_q";
    static final String W_K = "W_k";
    static final String V = "v";
    private final Weights weights;
    private final int hidden;
    private final int dq;
    private final int dk;

    /** @param weights holding {@code W_q [h, d_q]}, {@code W_k [h, d_k]} and {@code v [1, h]} */
    AdditiveAlignment(Weights weights) {
        this.weights = weights;
        Tensor wq = weights.parameters().get(W_Q);
        this.hidden = wq.rows();
        this.dq = wq.cols();
        this.dk = weights.parameters().get(W_K).cols();
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Operands o = Operands.sized(ID, queries, keys, dq, dk);
        double[] pq = Linear.forward(o.queries, o.batch * o.n, weights.values(W_Q), hidden, dq);
        double[] pk = Linear.forward(o.keys, o.batch * o.m, weights.values(W_K), hidden, dk);
        double[] v = weights.values(V);
        double[] s = new double[o.batch * o.n * o.m];
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                int qi = (b * o.n + i) * hidden;
                for (int j = 0; j < o.m; j++) {
                    int kj = (b * o.m + j) * hidden;
                    double acc = 0;
                    for (int x = 0; x < hidden; x++) {
                        acc += v[x] * Math.tanh(pq[qi + x] + pk[kj + x]);
                    }
                    s[(b * o.n + i) * o.m + j] = acc;
                }
            }
        }
        return o.scores(s);
    }

    /**
     * With {@code t_ij = tanh(W_q q_i + W_k k_j)} and {@code s_ij = v·t_ij}: {@code dv = Σ G_ij t_ij};
     * {@code z_ij = G_ij v ⊙ (1 − t_ij²)} flows to both projections, {@code d(W_q q_i) = Σ_j z_ij}
     * and {@code d(W_k k_j) = Σ_i z_ij}, then through each linear map. The tanh is recomputed.
     */
    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        Operands o = Operands.sized(ID, queries, keys, dq, dk);
        double[] g = o.scoreGradient(ID, scoreGradient);
        double[] wq = weights.values(W_Q);
        double[] wk = weights.values(W_K);
        double[] v = weights.values(V);
        double[] pq = Linear.forward(o.queries, o.batch * o.n, wq, hidden, dq);
        double[] pk = Linear.forward(o.keys, o.batch * o.m, wk, hidden, dk);
        double[] dpq = new double[pq.length];
        double[] dpk = new double[pk.length];
        double[] dv = new double[hidden];
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                int qi = (b * o.n + i) * hidden;
                for (int j = 0; j < o.m; j++) {
                    double gij = g[(b * o.n + i) * o.m + j];
                    if (gij == 0) {
                        continue;
                    }
                    int kj = (b * o.m + j) * hidden;
                    for (int x = 0; x < hidden; x++) {
                        double t = Math.tanh(pq[qi + x] + pk[kj + x]);
                        dv[x] += gij * t;
                        double z = gij * v[x] * (1 - t * t);
                        dpq[qi + x] += z;
                        dpk[kj + x] += z;
                    }
                }
            }
        }
        double[] dQueries = new double[o.queries.length];
        double[] dKeys = new double[o.keys.length];
        double[] dWq = new double[wq.length];
        double[] dWk = new double[wk.length];
        Linear.backward(o.queries, o.batch * o.n, wq, hidden, dq, dpq, dQueries, dWq);
        Linear.backward(o.keys, o.batch * o.m, wk, hidden, dk, dpk, dKeys, dWk);
        return o.gradients(dQueries, dKeys, weights.gradients(Map.of(W_Q, dWq, W_K, dWk, V, dv)));
    }

    @Override
    public Parameters parameters() {
        return weights.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        return new AdditiveAlignment(weights.with(parameters));
    }

    @Override
    public String toString() {
        return ID + "(" + weights + ")";
    }
}
