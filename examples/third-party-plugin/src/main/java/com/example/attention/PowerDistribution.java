package com.example.attention;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * {@code w_j = max(s_j, 0)^p / Σ_k max(s_k, 0)^p} over the allowed keys of a row, computed as
 * {@code (s_j / s_max)^p} so large scores cannot overflow. A row without a positive score is
 * uniform over its allowed keys, a fully masked row is zeros.
 */
final class PowerDistribution implements Distribution {
    private final double p;

    PowerDistribution(double p) {
        this.p = p;
    }

    @Override
    public Tensor weights(Tensor s, Mask mask) {
        Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
        for (int b = 0; b < s.batchSize(); b++) {
            for (int i = 0; i < s.rows(); i++) {
                double max = 0;
                int allowed = 0;
                for (int j = 0; j < s.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        allowed++;
                        max = Math.max(max, s.get(b, i, j));
                    }
                }
                if (allowed == 0) {
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < s.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        sum += max > 0 ? Math.pow(Math.max(s.get(b, i, j), 0) / max, p) : 1;
                    }
                }
                for (int j = 0; j < s.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        double u = max > 0 ? Math.pow(Math.max(s.get(b, i, j), 0) / max, p) : 1;
                        w.set(b, i, j, u / sum);
                    }
                }
            }
        }
        return w.build();
    }

    /** {@code ∂L/∂s_k = (p / s_k) · w_k · (g_k − Σ_j g_j w_j)} for {@code s_k > 0}, else 0. */
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
                    double sj = s.get(b, i, j);
                    if (mask.allows(b, i, j) && sj > 0) {
                        ds.set(b, i, j, p / sj * w.get(b, i, j) * (g.get(b, i, j) - gw));
                    }
                }
            }
        }
        return new DistributionGradients(ds.build(), Parameters.empty());
    }
}
