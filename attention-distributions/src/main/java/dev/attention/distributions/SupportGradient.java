package dev.attention.distributions;

/**
 * The backward pass shared by sparsemax, 1.5-entmax and α-entmax. For
 * {@code p_j = [(α−1) z_j − τ]_+^{1/(α−1)}} with τ fixed by {@code Σ p = 1}, differentiating the
 * constraint gives the Jacobian {@code diag(s) − s sᵀ / Σ s} with {@code s_j = p_j^{2−α}} on the
 * support and 0 off it (the factor {@code α−1} cancels), so
 * {@code ds = s ⊙ g − s · (Σ s_j g_j) / (Σ s_j)}. For α = 2 (sparsemax) {@code s} is 1 on the
 * support: {@code ds_j = g_j − mean_{k∈S} g_k}.
 */
final class SupportGradient {
    private SupportGradient() {
    }

    /**
     * Writes {@code dL/dz} into {@code ds[0..n)} for the compact row {@code p[0..n)} (the allowed keys)
     * and upstream gradient {@code g[0..n)}.
     *
     * @param exponent {@code 2 − α}
     */
    static void backward(double[] p, double[] g, int n, double exponent, double[] ds) {
        // The weighted mean Σ s g / Σ s is computed with s rescaled by its largest value, so that for
        // α > 2 (negative exponent, s → ∞ as p → 0) the sums cannot overflow.
        double ref = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] > 0) {
                ref = ref == 0 ? p[j] : exponent >= 0 ? Math.max(ref, p[j]) : Math.min(ref, p[j]);
            }
        }
        if (ref == 0) {
            return; // cannot happen for a forward output (Σ p = 1), but never divide by zero
        }
        double num = 0;
        double den = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] > 0) {
                double r = Math.pow(p[j] / ref, exponent);
                num += r * g[j];
                den += r;
            }
        }
        double mean = num / den;
        for (int j = 0; j < n; j++) {
            ds[j] = p[j] > 0 ? Math.pow(p[j], exponent) * (g[j] - mean) : 0;
        }
    }
}
