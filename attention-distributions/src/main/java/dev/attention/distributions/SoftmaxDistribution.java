package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;

/** {@code w_j = exp((s_j − max)/τ) / Σ_k exp((s_k − max)/τ)} over the allowed keys. Immutable. */
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
