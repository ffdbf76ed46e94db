package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;

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
 */
public final class NormalizeProvider implements DistributionProvider {

    public NormalizeProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return NormalizeDistribution.ID;
    }

    @Override
    public String description() {
        return "proportional: w_j = s_j / Σ_k s_k over allowed keys (scores must be ≥ 0)";
    }

    @Override
    public Distribution create(PluginContext context) {
        return new NormalizeDistribution();
    }
}
