package dev.attention.variants;

import dev.attention.api.AlignmentGradients;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.Map;

/**
 * The training pass of monotonic attention and MoChA: the expected alignment α
 * ({@link SoftMonotonic}) and, for MoChA, the expected chunk weights β ({@link SoftChunks}),
 * <pre>
 *   weights_i  = α_i (monotonic) or β_i (MoChA)                 [batch…, n, m]
 *   output_i   = Σ_j weights_ij V_j                              [batch…, n, d_v]
 *   positions  = argmax_j α_ij, −1 for an all-zero row           [batch…, n, 1]
 * </pre>
 * Positions are what the hard pass would most probably choose; they are piecewise constant, so a
 * gradient given for them contributes nothing. Backward goes through β, the recurrence and the
 * alignment; the distribution gets gradients only through MoChA's chunks.
 *
 * @param chunk MoChA's window w, or 0 for monotonic attention (weights = α, no distribution)
 */
record ExpectedAttention(Components components, double offset, int chunk) {

    AttentionResult forward(QkvBinding in, EnergyNoise noise) {
        Tensor scores = Attend.scores(components.alignment(), in.queries, in.keys);
        SoftMonotonic.Expected e = SoftMonotonic.forward(scores, offset, noise, in);
        double[][][] w = chunk == 0 ? e.alpha()
                : SoftChunks.forward(components.distribution(), scores, e.alpha(), chunk, in);
        Tensor weights = tensor(w, in.perQuery(in.keys.rows()), in);
        return NamedResults.of(Attend.weightedSum(weights, in.values, in.padding), weights,
                Map.of(HardVariant.POSITIONS, MonotonicScan.tensor(SoftMonotonic.argmax(e.alpha()), in.queries)));
    }

    VariantGradients backward(QkvBinding in, EnergyNoise noise, ResultGradients given) {
        Tensor scores = Attend.scores(components.alignment(), in.queries, in.keys);
        SoftMonotonic.Expected e = SoftMonotonic.forward(scores, offset, noise, in);
        double[][][] w = chunk == 0 ? e.alpha()
                : SoftChunks.forward(components.distribution(), scores, e.alpha(), chunk, in);
        int batch = scores.batchSize();
        int n = scores.rows();
        int m = scores.cols();
        int dv = in.values.cols();
        Tensor dOut = given.output();
        Tensor dGiven = given.weights();
        double[][][] dW = new double[batch][n][m];
        Tensor.Builder dV = Tensor.builder(in.queries.dtype(), in.values.shape());
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; in.realQuery(b, i) && j < in.realKeys(b); j++) {
                    double acc = dGiven == null ? 0 : dGiven.get(b, i, j);
                    for (int c = 0; dOut != null && c < dv; c++) {
                        acc += dOut.get(b, i, c) * in.values.get(b, j, c);
                        dV.add(in.values.index(b, j, c), w[b][i][j] * dOut.get(b, i, c));
                    }
                    dW[b][i][j] = acc;
                }
            }
        }
        double[][][] dScores;
        Parameters dDistribution;
        if (chunk == 0) {
            dScores = SoftMonotonic.backward(e, dW, in);
            dDistribution = components.distribution().parameters().map((name, p) -> Tensor.zeros(p.dtype(), p.shape()));
        } else {
            SoftChunks.Gradients g = SoftChunks.backward(components.distribution(), scores, e.alpha(), chunk, dW, in);
            dScores = SoftMonotonic.backward(e, g.alpha(), in);
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        dScores[b][i][j] += g.scores()[b][i][j];
                    }
                }
            }
            dDistribution = g.distribution();
        }
        AlignmentGradients da = components.alignment().backward(in.queries, in.keys,
                tensor(dScores, scores.shape(), in));
        return QkvBinding.gradients(da.queries(), da.keys(), dV.build().to(in.rawValues.dtype()),
                QualifiedParameters.ownLast(da.parameters(), dDistribution, Parameters.empty()));
    }

    /** {@code values} as a tensor of {@code shape} in the queries' dtype. */
    private static Tensor tensor(double[][][] values, int[] shape, QkvBinding in) {
        Tensor.Builder t = Tensor.builder(in.queries.dtype(), shape);
        for (int b = 0; b < values.length; b++) {
            for (int i = 0; i < values[b].length; i++) {
                for (int j = 0; j < values[b][i].length; j++) {
                    t.set(b, i, j, values[b][i][j]);
                }
            }
        }
        return t.build();
    }
}
