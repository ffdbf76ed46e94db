package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * One head of multi-head attention: {@link Attend}'s scores → weights → weighted sum with attention
 * dropout between the weights and the sum. The backward pass is {@link Attend#backward}'s except
 * that the values see the dropped weights while the distribution's backward sees the weights it
 * produced, with the gradient scaled by the same dropout factors.
 */
final class HeadAttention {
    private HeadAttention() {
    }

    /** {@code used} are the weights after dropout, the ones the output is summed with. */
    record Forward(Tensor scores, Tensor weights, Tensor used, Tensor output) {
    }

    record Backward(Tensor queries, Tensor keys, Tensor values, Parameters alignment, Parameters distribution) {
    }

    /** @param dropout null when inactive */
    static Forward forward(Alignment a, Distribution f, Tensor q, Tensor k, Tensor v, Mask mask,
            AttentionDropout dropout, int head) {
        Tensor scores = Attend.scores(a, q, k);
        Tensor weights = f.weights(scores, mask);
        Attend.requireShape("distribution weights", weights, scores.shape());
        Tensor used = dropout == null ? weights : dropout.apply(weights, head);
        return new Forward(scores, weights, used, Attend.weightedSum(used, v, mask));
    }

    /**
     * @param dOut  {@code dL/d(head output)}, never null
     * @param dUsed {@code dL/d(used weights)} from the weights results, or null
     */
    static Backward backward(Alignment a, Distribution f, Tensor q, Tensor k, Tensor v, Mask mask, Forward fwd,
            Tensor dOut, Tensor dUsed, AttentionDropout dropout, int head) {
        int n = q.rows();
        int m = k.rows();
        int dv = v.cols();
        Tensor.Builder dWeights = Tensor.builder(q.dtype(), fwd.weights().shape());
        Tensor.Builder dV = Tensor.builder(q.dtype(), v.shape());
        for (int b = 0; b < q.batchSize(); b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    if (!mask.allows(b, i, j)) {
                        continue;
                    }
                    double used = fwd.used().get(b, i, j);
                    double g = dUsed == null ? 0 : dUsed.get(b, i, j);
                    for (int c = 0; c < dv; c++) {
                        double d = dOut.get(b, i, c);
                        g += d * v.get(b, j, c);
                        dV.add(v.index(b, j, c), used * d);
                    }
                    dWeights.set(b, i, j, dropout == null ? g : g * dropout.factor(b, head, i, j));
                }
            }
        }
        DistributionGradients dd = f.backward(fwd.scores(), mask, fwd.weights(), dWeights.build());
        AlignmentGradients da = a.backward(q, k, dd.scores());
        return new Backward(da.queries(), da.keys(), dV.build(), da.parameters(), dd.parameters());
    }
}
