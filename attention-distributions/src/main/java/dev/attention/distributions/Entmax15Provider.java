package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;

/**
 * The {@code entmax15} distribution, 1.5-entmax (Peters, Niculae &amp; Martins 2019):
 * {@code p_j = [s_j/2 − τ]_+²} with τ such that {@code Σ p = 1}, over the allowed keys. Exact and
 * sort-based: with {@code x = s/2} sorted descending, for each k the mean {@code μ_k} and mean
 * square {@code ss_k} of the top k give {@code δ_k = (1 − k(ss_k − μ_k²))/k} and
 * {@code τ_k = μ_k − √max(δ_k, 0)}; τ is {@code τ_k} for the largest k with {@code τ_k ≤ x_(k)}.
 * Between softmax (dense) and sparsemax (sparser): scores well below the others get exactly 0, and
 * adding a constant to a row changes nothing.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype, computed in
 * double. Masked positions get exactly 0; a row with no allowed key is all zeros. Backward, with
 * {@code r_j = √p_j} (0 off the support): {@code ds = r ⊙ g − r · (Σ r_k g_k)/(Σ r_k)}.
 *
 * <p>Parameters: none (for other α use {@code entmax}). No learnable parameters.
 */
public final class Entmax15Provider implements DistributionProvider {

    public Entmax15Provider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return Entmax15Distribution.ID;
    }

    @Override
    public String description() {
        return "1.5-entmax: p_j = [s_j/2 − τ]_+² with τ so Σ p = 1 (sparse, exact by sorting)";
    }

    @Override
    public Distribution create(PluginContext context) {
        return new Entmax15Distribution();
    }
}
