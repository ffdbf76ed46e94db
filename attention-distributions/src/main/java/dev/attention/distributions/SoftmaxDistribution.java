package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;

/**
 * The {@code softmax} distribution: {@code w_j = exp((s_j − max)/τ) / Σ_k exp((s_k − max)/τ)} over
 * the keys the mask allows, with {@code max} the largest allowed score of the row (subtracted so no
 * exponent overflows) and the sum accumulated in double.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype. Masked
 * positions get exactly 0; a row with no allowed key is all zeros. Backward:
 * {@code ds_j = w_j (g_j − Σ_k w_k g_k)/τ}, 0 where masked.
 *
 * <p>Parameters: {@code temperature} τ (double &gt; 0, default 1): smaller is sharper, larger is
 * flatter. No learnable parameters.
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class SoftmaxDistribution implements Distribution {
    static final String ID = "softmax";
    private final double temperature;

    SoftmaxDistribution(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("softmax: temperature must be finite and > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        return Rows.forward(scores, mask, (b, i, s, allowed, w) -> {
            // Subtracting the row maximum makes every exponent ≤ 0: no overflow, and the largest term is 1,
            // so the sum is ≥ 1 and the division is safe.
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s.length; j++) {
                if (allowed[j]) {
                    max = Math.max(max, s[j]);
                }
            }
            double sum = 0;
            for (int j = 0; j < s.length; j++) {
                if (allowed[j]) {
                    w[j] = Math.exp((s[j] - max) / temperature);
                    sum += w[j];
                }
            }
            for (int j = 0; j < s.length; j++) {
                w[j] /= sum;
            }
        });
    }

    /** {@code ds_j = w_j (g_j − Σ_k w_k g_k) / τ}. */
    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        Tensor ds = Rows.backward(ID, scores, mask, weights, weightGradient, (b, i, s, allowed, w, g, out) -> {
            double mean = Rows.weightedSum(w, g, allowed);
            for (int j = 0; j < s.length; j++) {
                out[j] = w[j] * (g[j] - mean) / temperature;
            }
        });
        return new DistributionGradients(ds, Parameters.empty());
    }

    /** Declared for the fused kernel: these weights are {@code softmax(s/τ)} over the allowed keys. */
    @Override
    public OptionalDouble softmaxTemperature() {
        return OptionalDouble.of(temperature);
    }

    @Override
    public String toString() {
        return ID + "(temperature=" + temperature + ")";
    }
}
