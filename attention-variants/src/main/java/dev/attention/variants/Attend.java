package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * The computation every variant shares once it has decided its queries, keys, values and mask:
 * {@code weights = f(a(K, Q))}, {@code output_i = Σ_j w_ij V_j}, and the backward pass through
 * both. Masked keys and values are never read, so padding may hold anything.
 */
final class Attend {
    private Attend() {
    }

    /** Forward intermediates; {@code scores} are kept because every backward pass needs them. */
    record Forward(Tensor scores, Tensor weights, Tensor output) {
    }

    /** Gradients of the three operands and of the two components' parameters (locally named). */
    record Backward(Tensor queries, Tensor keys, Tensor values, Parameters alignment, Parameters distribution) {
    }

    static Forward forward(Alignment a, Distribution f, Tensor q, Tensor k, Tensor v, Mask mask) {
        Tensor scores = scores(a, q, k);
        Tensor weights = weights(f, scores, mask);
        return new Forward(scores, weights, weightedSum(weights, v.to(q.dtype()), mask));
    }

    /** {@code f(scores)} over {@code mask}, checked to have the scores' shape. */
    static Tensor weights(Distribution f, Tensor scores, Mask mask) {
        Tensor weights = f.weights(scores, mask);
        requireShape("distribution weights", weights, scores.shape());
        return weights;
    }

    /**
     * The forward intermediates behind {@code result}, for backward: scores recomputed, weights the
     * result's when it has them (else recomputed), output the result's.
     */
    static Forward replay(Alignment a, Distribution f, Tensor q, Tensor k, Mask mask, AttentionResult result) {
        Tensor scores = scores(a, q, k);
        Tensor weights = result.weights().orElseGet(() -> f.weights(scores, mask));
        requireShape("result weights", weights, scores.shape());
        return new Forward(scores, weights, result.output());
    }

    static Tensor scores(Alignment a, Tensor q, Tensor k) {
        Tensor scores = a.scores(q, k);
        int[] expected = q.shape();
        expected[expected.length - 1] = k.rows();
        requireShape("alignment scores", scores, expected);
        return scores;
    }

    /** {@code output[b, i] = Σ_j w[b, i, j] · v[b, j]} over allowed keys. */
    static Tensor weightedSum(Tensor weights, Tensor values, Mask mask) {
        int batch = weights.batchSize();
        int n = weights.rows();
        int m = weights.cols();
        int dv = values.cols();
        int[] shape = weights.shape();
        shape[shape.length - 1] = dv;
        Tensor.Builder out = Tensor.builder(weights.dtype(), shape);
        double[] acc = new double[dv];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                Arrays.fill(acc, 0);
                for (int j = 0; j < m; j++) {
                    if (!mask.allows(b, i, j)) {
                        continue;
                    }
                    double w = weights.get(b, i, j);
                    for (int c = 0; c < dv; c++) {
                        acc[c] += w * values.get(b, j, c);
                    }
                }
                for (int c = 0; c < dv; c++) {
                    out.set(b, i, c, acc[c]);
                }
            }
        }
        return out.build();
    }

    /**
     * Backward through {@link #forward}. {@code dOut} ({@code [batch…, n, d_v]}) and
     * {@code dWeights} ({@code [batch…, n, m]}) may each be null (= zero).
     * {@code dL/dw_ij = dOut_i · V_j + dWeights_ij}; {@code dL/dV_j = Σ_i w_ij dOut_i}; then the
     * distribution's and the alignment's backward passes. The values' gradient keeps their dtype.
     */
    static Backward backward(Alignment a, Distribution f, Tensor q, Tensor k, Tensor v, Mask mask, Forward fwd,
            Tensor dOut, Tensor dWeights) {
        Tensor values = v.to(q.dtype());
        Tensor weights = fwd.weights();
        int batch = q.batchSize();
        int n = q.rows();
        int m = k.rows();
        int dv = values.cols();
        Tensor.Builder dW = Tensor.builder(q.dtype(), weights.shape());
        Tensor.Builder dV = Tensor.builder(q.dtype(), values.shape());
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    // Masked weights are the constant 0: their gradient is 0.
                    if (!mask.allows(b, i, j)) {
                        continue;
                    }
                    double w = weights.get(b, i, j);
                    double acc = dWeights == null ? 0 : dWeights.get(b, i, j);
                    if (dOut != null) {
                        for (int c = 0; c < dv; c++) {
                            double g = dOut.get(b, i, c);
                            acc += g * values.get(b, j, c);
                            dV.add(values.index(b, j, c), w * g);
                        }
                    }
                    dW.set(b, i, j, acc);
                }
            }
        }
        DistributionGradients dd = f.backward(fwd.scores(), mask, weights, dW.build());
        AlignmentGradients da = a.backward(q, k, dd.scores());
        return new Backward(da.queries(), da.keys(), dV.build().to(v.dtype()), da.parameters(), dd.parameters());
    }

    static void requireShape(String what, Tensor t, int[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new ShapeException(what + " has shape " + ShapeException.format(t.shape()) + ", expected "
                    + ShapeException.format(expected));
        }
    }
}
