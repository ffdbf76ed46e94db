package dev.attention.variants;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * MoChA's expected chunk weights in training (Chiu and Raffel 2018, eq. 20): the chunk attention at
 * test time averaged over where the monotonic scan stops,
 * <pre>
 *   β_ik = Σ_j α_ij · f(u_i over the keys j − w < l ≤ j)_k
 * </pre>
 * which with {@code f} = softmax is the paper's {@code Σ_{j=k}^{k+w−1} α_ij exp(u_ik) / Σ_{l=j−w+1}^{j}
 * exp(u_il)}. {@code u} are the alignment's scores (without the offset) and {@code f} the configured
 * distribution, the same ones the hard chunk uses. Per query, the windows of all real keys are the
 * rows of one {@code [1, m, m]} call of {@code f}: memory m² per query at a time, not per batch.
 */
final class SoftChunks {
    private SoftChunks() {
    }

    /** Gradients of α and of the scores u ({@code [batch][n][m]}), and the distribution's parameters. */
    record Gradients(double[][][] alpha, double[][][] scores, Parameters distribution) {
    }

    /** β, {@code [batch][n][m]}; padded query rows are zero. */
    static double[][][] forward(Distribution f, Tensor u, double[][][] alpha, int w, QkvBinding in) {
        int batch = u.batchSize();
        int n = u.rows();
        int m = u.cols();
        double[][][] beta = new double[batch][n][m];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                if (!in.realQuery(b, i)) {
                    continue;
                }
                Tensor rows = windows(u, b, i);
                Tensor weights = Attend.weights(f, rows, mask(in.realKeys(b), w));
                for (int j = 0; j < in.realKeys(b); j++) {
                    for (int k = Math.max(0, j - w + 1); k <= j; k++) {
                        beta[b][i][k] += alpha[b][i][j] * weights.get(0, j, k);
                    }
                }
            }
        }
        return beta;
    }

    /** Backward through {@link #forward} given {@code dL/dβ}. */
    static Gradients backward(Distribution f, Tensor u, double[][][] alpha, int w, double[][][] dBeta,
            QkvBinding in) {
        int batch = u.batchSize();
        int n = u.rows();
        int m = u.cols();
        double[][][] dAlpha = new double[batch][n][m];
        double[][][] dU = new double[batch][n][m];
        Parameters dParameters = f.parameters().map((name, p) -> Tensor.zeros(p.dtype(), p.shape()));
        for (int b = 0; b < batch; b++) {
            Mask mask = mask(in.realKeys(b), w);
            for (int i = 0; i < n; i++) {
                if (!in.realQuery(b, i)) {
                    continue;
                }
                Tensor rows = windows(u, b, i);
                Tensor weights = Attend.weights(f, rows, mask);
                Tensor.Builder dWeights = Tensor.builder(rows.dtype(), rows.shape());
                for (int j = 0; j < in.realKeys(b); j++) {
                    double acc = 0;
                    for (int k = Math.max(0, j - w + 1); k <= j; k++) {
                        acc += weights.get(0, j, k) * dBeta[b][i][k];
                        dWeights.set(0, j, k, alpha[b][i][j] * dBeta[b][i][k]);
                    }
                    dAlpha[b][i][j] = acc;
                }
                DistributionGradients g = f.backward(rows, mask, weights, dWeights.build());
                for (int j = 0; j < in.realKeys(b); j++) {
                    for (int k = Math.max(0, j - w + 1); k <= j; k++) {
                        dU[b][i][k] += g.scores().get(0, j, k);
                    }
                }
                dParameters = ParameterSums.sum(dParameters, g.parameters());
            }
        }
        return new Gradients(dAlpha, dU, dParameters);
    }

    /** {@code [1, m, m]}: every row is query i's scores, row j to be read over window j. */
    private static Tensor windows(Tensor u, int b, int i) {
        int m = u.cols();
        Tensor.Builder t = Tensor.builder(u.dtype(), 1, m, m);
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < m; k++) {
                t.set(0, j, k, u.get(b, i, k));
            }
        }
        return t.build();
    }

    /** Row j allows keys j − w < k ≤ j, for real keys j only. */
    private static Mask mask(int realKeys, int w) {
        return (x, j, k) -> j < realKeys && k <= j && k > j - w;
    }
}
