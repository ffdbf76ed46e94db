package com.example.attention;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;

/**
 * {@code w_j = exp((s_j − max)/t) / Σ_k exp((s_k − max)/t)} over the allowed keys of a row; a fully
 * masked row is zeros. The general code the engine falls back to, and the TCK's check of the
 * {@link #softmaxTemperature()} declaration.
 */
final class TemperedDistribution implements Distribution {
    private final double t;

    TemperedDistribution(double t) {
        this.t = t;
    }

    @Override
    public OptionalDouble softmaxTemperature() {
        return OptionalDouble.of(t);
    }

    @Override
    public Tensor weights(Tensor s, Mask mask) {
        Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
        for (int b = 0; b < s.batchSize(); b++) {
            for (int i = 0; i < s.rows(); i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        max = Math.max(max, s.get(b, i, j));
                    }
                }
                if (max == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < s.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        sum += Math.exp((s.get(b, i, j) - max) / t);
                    }
                }
                for (int j = 0; j < s.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        w.set(b, i, j, Math.exp((s.get(b, i, j) - max) / t) / sum);
                    }
                }
            }
        }
        return w.build();
    }

    /** {@code ∂L/∂s_k = w_k · (g_k − Σ_j g_j w_j) / t}. */
    @Override
    public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
        Tensor.Builder ds = Tensor.builder(s.dtype(), s.shape());
        for (int b = 0; b < s.batchSize(); b++) {
            for (int i = 0; i < s.rows(); i++) {
                double gw = 0;
                for (int j = 0; j < s.cols(); j++) {
                    gw += g.get(b, i, j) * w.get(b, i, j);
                }
                for (int j = 0; j < s.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        ds.set(b, i, j, w.get(b, i, j) * (g.get(b, i, j) - gw) / t);
                    }
                }
            }
        }
        return new DistributionGradients(ds.build(), Parameters.empty());
    }
}
