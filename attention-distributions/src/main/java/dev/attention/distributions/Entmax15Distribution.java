package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Arrays;

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
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class Entmax15Distribution implements Distribution {
    static final String ID = "entmax15";

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        return SparseRows.weights(scores, mask, Entmax15Distribution::project);
    }

    /**
     * {@code ds = u − (Σ u / Σ √p) √p} with {@code u = √p ⊙ g}, √p taken as 0 off the support: the
     * α-entmax rule with {@code p^{2−α} = √p}. The factor 2 from the square cancels the ½ in
     * {@code z/2}. The weights are recomputed from the scores in double.
     */
    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        Tensor ds = SparseRows.scoreGradient(ID, scores, mask, weights, weightGradient,
                Entmax15Distribution::project, 0.5);
        return new DistributionGradients(ds, Parameters.empty());
    }

    /**
     * The exact algorithm for {@code z[0..n)} (n ≥ 1): {@code x = (z − max z)/2} sorted descending; for
     * each k the mean {@code μ_k} and {@code M_k = Σ_{j≤k} (x_(j) − μ_k)²} of the top k (Welford's
     * update, which equals {@code k(ss_k − μ_k²)} without its cancellation), {@code δ_k = (1 − M_k)/k},
     * {@code τ_k = μ_k − √max(δ_k, 0)}; τ is {@code τ_k} for the largest k with {@code τ_k ≤ x_(k)}, and
     * {@code p = max(x − τ, 0)²}.
     */
    static double[] project(double[] z, int n) {
        double[] x = SparseRows.shifted(z, n, 0.5);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double mean = 0;
        double m2 = 0;
        double tau = -1; // τ_1 = x_(1) − 1 = −1, and k = 1 always qualifies
        for (int k = 1; k <= n; k++) {
            double xk = sorted[n - k];
            double d = xk - mean;
            mean += d / k;
            m2 += d * (xk - mean);
            double tauK = mean - Math.sqrt(Math.max((1 - m2) / k, 0));
            if (tauK <= xk) {
                tau = tauK;
            }
        }
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            double t = Math.max(x[j] - tau, 0);
            p[j] = t * t;
        }
        return p;
    }

    @Override
    public String toString() {
        return ID;
    }
}
