package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;

/**
 * The {@code sparsemax} distribution (Martins &amp; Astudillo 2016): the Euclidean projection of the
 * allowed scores onto the probability simplex, {@code p = argmin_{p ∈ Δ} ‖p − s‖²}. Exact and
 * sort-based: with the allowed scores sorted descending, {@code k = max{k : 1 + k s_(k) >
 * Σ_{j≤k} s_(j)}}, {@code τ = (Σ_{j≤k} s_(j) − 1)/k} and {@code p_j = max(s_j − τ, 0)}. Scores far
 * below the others get exactly 0; adding a constant to a row changes nothing. It is 2-entmax.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype, computed in
 * double. Masked positions get exactly 0; a row with no allowed key is all zeros. Backward, on the
 * support {@code S = {j : p_j > 0}}: {@code ds_j = g_j − mean_{k∈S} g_k}, and 0 off it (the map has
 * kinks where a key enters or leaves the support).
 *
 * <p>Parameters: none. No learnable parameters.
 */
public final class SparsemaxProvider implements DistributionProvider {

    public SparsemaxProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return SparsemaxDistribution.ID;
    }

    @Override
    public String description() {
        return "sparsemax: p = argmin_{p∈Δ} ‖p − s‖² = max(s − τ, 0) with τ so Σ p = 1 (sparse, exact by sorting)";
    }

    @Override
    public Distribution create(PluginContext context) {
        return new SparsemaxDistribution();
    }
}
