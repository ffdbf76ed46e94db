package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;

/**
 * The {@code sigmoid} distribution: {@code w_j = σ(s_j) / Σ_k σ(s_k)} over the keys the mask
 * allows, {@code σ(x) = 1/(1 + e^−x)}; the sigmoids are normalised so each row sums to 1. Computed
 * through {@code log σ} with the row maximum subtracted, so very large or very negative scores give
 * neither overflow nor 0/0.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype. Masked
 * positions get exactly 0; a row with no allowed key is all zeros. Backward:
 * {@code ds_j = w_j (1 − σ(s_j)) (g_j − Σ_k w_k g_k)}, 0 where masked.
 *
 * <p>Parameters: none. No learnable parameters.
 */
public final class SigmoidProvider implements DistributionProvider {

    public SigmoidProvider() {
    }

    @Override
    public String id() {
        return SigmoidDistribution.ID;
    }

    @Override
    public String description() {
        return "normalised sigmoid: w_j = σ(s_j) / Σ_k σ(s_k) over allowed keys";
    }

    @Override
    public Distribution create(PluginContext context) {
        return new SigmoidDistribution();
    }
}
