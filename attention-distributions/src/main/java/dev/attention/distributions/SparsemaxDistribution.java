package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Arrays;

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
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class SparsemaxDistribution implements Distribution {
    static final String ID = "sparsemax";

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        return SparseRows.weights(scores, mask, SparsemaxDistribution::project);
    }

    /**
     * On the support {@code S = {j : p_j > 0}}: {@code ds_j = g_j − mean_{k∈S} g_k}; 0 off it. The
     * projection is recomputed from the scores in double, so float32 weights are not trusted for the
     * support.
     */
    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        Tensor ds = SparseRows.scoreGradient(ID, scores, mask, weights, weightGradient,
                SparsemaxDistribution::project, 0);
        return new DistributionGradients(ds, Parameters.empty());
    }

    /**
     * The projection of {@code z[0..n)} (n ≥ 1): sort descending, {@code k = max{k : 1 + k z_(k) >
     * Σ_{j≤k} z_(j)}}, {@code τ = (Σ_{j≤k} z_(j) − 1)/k}, {@code p = max(z − τ, 0)}. The row maximum is
     * subtracted first so that a constant added to the row changes nothing, even in rounding.
     */
    static double[] project(double[] z, int n) {
        double[] x = SparseRows.shifted(z, n, 1);
        double[] sorted = x.clone();
        Arrays.sort(sorted); // ascending; walked from the end for descending order
        double cumulative = 0;
        double tau = 0;
        for (int k = 1; k <= n; k++) {
            double zk = sorted[n - k];
            cumulative += zk;
            if (1 + k * zk > cumulative) {
                tau = (cumulative - 1) / k;
            } else {
                break; // the condition holds exactly for k = 1..k(z) and fails from there on
            }
        }
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = Math.max(x[j] - tau, 0);
        }
        return p;
    }

    @Override
    public String toString() {
        return ID;
    }
}
