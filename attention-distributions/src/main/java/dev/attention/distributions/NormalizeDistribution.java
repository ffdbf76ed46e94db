package dev.attention.distributions;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * The {@code normalize} distribution: {@code w_j = s_j / Σ_k s_k} over the keys the mask allows.
 * It needs non-negative scores: a negative (or NaN) allowed score, or allowed scores summing to 0,
 * is an {@link dev.attention.api.AttentionException} naming the batch, query and key and pointing
 * to softmax. Masked scores may be anything.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype. Masked
 * positions get exactly 0; a row with no allowed key is all zeros. Backward:
 * {@code ds_j = (g_j − Σ_k w_k g_k) / Σ_k s_k}, 0 where masked.
 *
 * <p>Parameters: none. No learnable parameters.
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class NormalizeDistribution implements Distribution {
    static final String ID = "normalize";
    private static final String HINT = "(use softmax, or an alignment whose scores are positive)";

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        DType dtype = scores.dtype();
        return Rows.forward(scores, mask, (b, i, s, allowed, w) -> {
            double sum = checkedSum(dtype, b, i, s, allowed);
            for (int j = 0; j < s.length; j++) {
                if (allowed[j]) {
                    w[j] = s[j] / sum;
                }
            }
        });
    }

    /** With {@code Z = Σ s_k}: {@code ∂w_j/∂s_k = δ_jk/Z − s_j/Z²}, so {@code ds_k = (g_k − Σ_j w_j g_j)/Z}. */
    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        DType dtype = scores.dtype();
        Tensor ds = Rows.backward(ID, scores, mask, weights, weightGradient, (b, i, s, allowed, w, g, out) -> {
            double sum = checkedSum(dtype, b, i, s, allowed);
            double mean = Rows.weightedSum(w, g, allowed);
            for (int j = 0; j < s.length; j++) {
                out[j] = (g[j] - mean) / sum;
            }
        });
        return new DistributionGradients(ds, Parameters.empty());
    }

    /** The sum of the allowed scores of row {@code (b, i)}, after checking each is ≥ 0 and the sum is > 0. */
    private static double checkedSum(DType dtype, int b, int i, double[] s, boolean[] allowed) {
        double sum = 0;
        for (int j = 0; j < s.length; j++) {
            if (!allowed[j]) {
                continue;
            }
            if (!(s[j] >= 0)) { // also catches NaN
                throw new AttentionException(ID + " needs scores ≥ 0, got " + format(dtype, s[j]) + " at batch " + b
                        + ", query " + i + ", key " + j + " " + HINT);
            }
            sum += s[j];
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new AttentionException(ID + " needs allowed scores with a positive, finite sum, but at batch " + b
                    + ", query " + i + " they sum to " + format(dtype, sum) + " " + HINT);
        }
        return sum;
    }

    /** Shows a float32 value as the float it holds: 0.1, not its widened 0.10000000149011612. */
    private static String format(DType dtype, double v) {
        return dtype == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return ID;
    }
}
