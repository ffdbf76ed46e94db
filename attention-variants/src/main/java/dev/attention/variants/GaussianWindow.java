package dev.attention.variants;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Objects;

/**
 * A distribution whose weights are damped by a Gaussian around a real-valued centre per query,
 * {@code ω_ij = f(s)_ij · exp(−(j − p_i)² / (2σ²))}, not renormalised (local-p). Being itself a
 * {@link Distribution}, it lets {@link Attend} run local-p's backward pass; the gradient of the
 * centres comes back as the parameter {@value #CENTRES}, next to the inner distribution's
 * parameters prefixed {@value #INNER}{@code .}.
 *
 * <p>{@code dL/dw_ij = g_ij · G_ij} and {@code dL/dp_i = Σ_j g_ij · w_ij · G_ij · (j − p_i) / σ²},
 * where {@code g = dL/dω} and {@code G} is the Gaussian factor; masked keys contribute nothing.
 */
final class GaussianWindow implements Distribution {
    static final String INNER = "inner";
    static final String CENTRES = "centres";

    private final Distribution inner;
    private final Tensor centres;
    private final double sigma;

    /**
     * @param centres {@code p_i} as {@code [batch…, n, 1]}
     * @param sigma   {@code σ > 0}
     */
    GaussianWindow(Distribution inner, Tensor centres, double sigma) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.centres = Objects.requireNonNull(centres, CENTRES);
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("σ must be > 0, got " + sigma);
        }
        this.sigma = sigma;
    }

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        Tensor w = inner.weights(scores, mask);
        Tensor.Builder out = Tensor.builder(w.dtype(), w.shape());
        for (int b = 0; b < w.batchSize(); b++) {
            for (int i = 0; i < w.rows(); i++) {
                double p = centres.get(b, i, 0);
                for (int j = 0; j < w.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        out.set(b, i, j, w.get(b, i, j) * gaussian(j, p, sigma));
                    }
                }
            }
        }
        return out.build();
    }

    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        Tensor w = inner.weights(scores, mask);
        Tensor.Builder dw = Tensor.builder(scores.dtype(), scores.shape());
        Tensor.Builder dp = Tensor.builder(scores.dtype(), centres.shape());
        for (int b = 0; b < w.batchSize(); b++) {
            for (int i = 0; i < w.rows(); i++) {
                double p = centres.get(b, i, 0);
                double acc = 0;
                for (int j = 0; j < w.cols(); j++) {
                    if (mask.allows(b, i, j)) {
                        double g = weightGradient.get(b, i, j);
                        dw.set(b, i, j, g * gaussian(j, p, sigma));
                        acc += g * w.get(b, i, j) * gaussianSlope(j, p, sigma);
                    }
                }
                dp.set(b, i, 0, acc);
            }
        }
        DistributionGradients d = inner.backward(scores, mask, w, dw.build());
        return new DistributionGradients(d.scores(),
                d.parameters().prefixed(INNER).concat(Parameters.of(CENTRES, dp.build())));
    }

    /** The Gaussian factor is at most 1 and the row is not renormalised. */
    @Override
    public boolean sumsToOne() {
        return false;
    }

    @Override
    public Parameters parameters() {
        return inner.parameters().prefixed(INNER).concat(Parameters.of(CENTRES, centres));
    }

    /** {@code exp(−(j − p)² / (2σ²))}. */
    private static double gaussian(int j, double p, double sigma) {
        double d = j - p;
        return Math.exp(-d * d / (2 * sigma * sigma));
    }

    /** {@code d/dp exp(−(j − p)² / (2σ²)) = gaussian · (j − p) / σ²}. */
    private static double gaussianSlope(int j, double p, double sigma) {
        return gaussian(j, p, sigma) * (j - p) / (sigma * sigma);
    }
}
