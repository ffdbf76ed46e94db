package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * The {@code sigmoid} distribution: {@code w_j = σ(s_j) / Σ_k σ(s_k)} over the keys the mask
 * allows, {@code σ(x) = 1/(1 + e^−x)}; the sigmoids are normalised so each row sums to 1. Computed
 * through {@code log σ} with the row maximum subtracted, so very large or very negative scores give
 * neither overflow nor 0/0. With {@code normalize: false} the weights are independent gates
 * {@code w_j = σ(s_j)}, each in [0, 1], that do not sum to 1: the distribution's
 * {@code sumsToOne()} is then false, and a variant's output is no longer a weighted mean of values.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype. Masked
 * positions get exactly 0; a row with no allowed key is all zeros. Backward:
 * {@code ds_j = w_j (1 − σ(s_j)) (g_j − Σ_k w_k g_k)}, or for gates {@code ds_j = g_j σ(s_j)(1 − σ(s_j))};
 * 0 where masked.
 *
 * <p>Parameters: {@code normalize} (boolean, default true). No learnable parameters.
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class SigmoidDistribution implements Distribution {
    static final String ID = "sigmoid";
    private final boolean normalize;

    SigmoidDistribution(boolean normalize) {
        this.normalize = normalize;
    }

    /** False for gates: each weight is in [0, 1] but a row need not sum to 1. */
    @Override
    public boolean sumsToOne() {
        return normalize;
    }

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        if (!normalize) {
            return Rows.forward(scores, mask, (b, i, s, allowed, w) -> {
                for (int j = 0; j < s.length; j++) {
                    w[j] = sigmoid(s[j]);
                }
            });
        }
        return Rows.forward(scores, mask, (b, i, s, allowed, w) -> {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s.length; j++) {
                if (allowed[j]) {
                    w[j] = logSigmoid(s[j]);
                    max = Math.max(max, w[j]);
                }
            }
            double sum = 0;
            for (int j = 0; j < s.length; j++) {
                if (allowed[j]) {
                    w[j] = Math.exp(w[j] - max);
                    sum += w[j];
                }
            }
            for (int j = 0; j < s.length; j++) {
                w[j] /= sum;
            }
        });
    }

    /**
     * With {@code Z = Σ σ_k} and {@code σ' = σ(1 − σ)}: {@code ∂w_j/∂s_k = δ_jk σ'_k/Z − w_j σ'_k/Z}, so
     * {@code ds_k = σ'_k/Z · (g_k − Σ_j w_j g_j) = w_k (1 − σ_k)(g_k − Σ_j w_j g_j)}.
     */
    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        if (!normalize) {
            return new DistributionGradients(gateGradient(scores, mask, weights, weightGradient), Parameters.empty());
        }
        Tensor ds = Rows.backward(ID, scores, mask, weights, weightGradient, (b, i, s, allowed, w, g, out) -> {
            double mean = Rows.weightedSum(w, g, allowed);
            for (int j = 0; j < s.length; j++) {
                out[j] = w[j] * sigmoid(-s[j]) * (g[j] - mean);
            }
        });
        return new DistributionGradients(ds, Parameters.empty());
    }

    /** Gates: {@code ds_j = g_j σ(s_j)(1 − σ(s_j))}, with σ recomputed from the scores in double. */
    private static Tensor gateGradient(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        return Rows.backward(ID, scores, mask, weights, weightGradient, (b, i, s, allowed, w, g, out) -> {
            for (int j = 0; j < s.length; j++) {
                out[j] = g[j] * sigmoid(s[j]) * sigmoid(-s[j]);
            }
        });
    }

    /** {@code σ(x) = 1/(1 + e^−x)} without overflowing e^−x for very negative x. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** {@code log σ(x) = −log(1 + e^−x)}, exact for large |x|. */
    static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    @Override
    public String toString() {
        return ID + "(normalize=" + normalize + ")";
    }
}
