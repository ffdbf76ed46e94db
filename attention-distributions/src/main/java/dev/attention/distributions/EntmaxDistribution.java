package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * The {@code entmax} distribution, α-entmax (Peters, Niculae &amp; Martins 2019) for any α &gt; 1:
 * {@code p_j = [(α−1) s_j − τ]_+^{1/(α−1)}} over the allowed keys, with τ such that
 * {@code Σ p = 1}. α → 1 approaches softmax, α = 1.5 is {@code entmax15} and α = 2 is
 * {@code sparsemax}; larger α is sparser. Scores well below the others get exactly 0, and adding a
 * constant to a row changes nothing.
 *
 * <p>τ is found by bisection: with {@code x = (α−1)(s − max s)} the root lies in
 * {@code [−1, −n^{1−α}]} (n allowed keys), which is halved until it is narrower than
 * {@code tolerance} or {@code max-iter} steps are done; one Newton step, kept only if it stays
 * inside the bracket, polishes τ, and p is finally divided by its sum so it sums to 1 exactly.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype, computed in
 * double. Masked positions get exactly 0; a row with no allowed key is all zeros. Backward, with
 * {@code r_j = p_j^{2−α}} on the support (0 off it): {@code ds = r ⊙ g − r · (Σ r_k g_k)/(Σ r_k)}.
 * For α &gt; 2 the exponent is negative, so gradients grow without bound as a key leaves the support.
 *
 * <p>Parameters: {@code alpha} (double &gt; 1, default 1.5), {@code max-iter} (integer in [1, 200],
 * default 50), {@code tolerance} (double &gt; 0, default 1e-12). No learnable parameters.
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class EntmaxDistribution implements Distribution {
    static final String ID = "entmax";
    private final double alpha;
    private final int maxIter;
    private final double tolerance;
    /** {@code 1/(α−1)}, the power that turns {@code x − τ} into p. */
    private final double power;

    EntmaxDistribution(double alpha, int maxIter, double tolerance) {
        if (!(alpha > 1) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("entmax: alpha must be finite and > 1, got " + alpha);
        }
        if (maxIter < 1) {
            throw new IllegalArgumentException("entmax: max-iter must be ≥ 1, got " + maxIter);
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("entmax: tolerance must be > 0, got " + tolerance);
        }
        this.alpha = alpha;
        this.maxIter = maxIter;
        this.tolerance = tolerance;
        this.power = 1 / (alpha - 1);
    }

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        return SparseRows.weights(scores, mask, this::project);
    }

    /**
     * {@code ds = u − (Σ u / Σ r) r} with {@code r_j = p_j^{2−α}} on the support (0 off it) and
     * {@code u = r ⊙ g}; the weights are recomputed from the scores in double.
     */
    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        Tensor ds = SparseRows.scoreGradient(ID, scores, mask, weights, weightGradient,
                this::project, 2 - alpha);
        return new DistributionGradients(ds, Parameters.empty());
    }

    /**
     * α-entmax of {@code z[0..n)} (n ≥ 1). With {@code x = (α−1)(z − max z)} (so {@code max x = 0}) the
     * root of {@code f(τ) = Σ [x_j − τ]_+^{1/(α−1)} − 1} lies in {@code [−1, −n^{1−α}]}: at −1 the top
     * key alone gives 1, at {@code −n^{1−α}} every key gives at most 1/n. Bisection halves that bracket
     * until it is narrower than the tolerance or {@code max-iter} steps are done; one Newton step from
     * the midpoint ({@code f'(τ) = −Σ p_j^{2−α}/(α−1)}), kept only if it stays inside the bracket,
     * removes the remaining bisection error, which would otherwise show up in finite differences; then
     * p is divided by its sum so it sums to 1 exactly.
     */
    double[] project(double[] z, int n) {
        double[] x = SparseRows.shifted(z, n, alpha - 1);
        double lo = -1;
        double hi = -Math.pow(n, 1 - alpha);
        for (int it = 0; it < maxIter && hi - lo > tolerance; it++) {
            double mid = lo + (hi - lo) / 2;
            if (mass(x, mid) >= 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double tau = lo + (hi - lo) / 2;
        double slope = 0;
        double sum = 0;
        for (double xj : x) {
            if (xj > tau) {
                double p = Math.pow(xj - tau, power);
                sum += p;
                slope += Math.pow(xj - tau, power - 1);
            }
        }
        if (slope > 0 && Double.isFinite(slope)) {
            double newton = tau + (sum - 1) * (alpha - 1) / slope;
            if (newton >= lo && newton <= hi) {
                tau = newton;
            }
        }
        double[] p = new double[n];
        double total = 0;
        for (int j = 0; j < n; j++) {
            p[j] = x[j] > tau ? Math.pow(x[j] - tau, power) : 0;
            total += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= total;
        }
        return p;
    }

    /** {@code Σ [x_j − τ]_+^{1/(α−1)}}. */
    private double mass(double[] x, double tau) {
        double sum = 0;
        for (double xj : x) {
            if (xj > tau) {
                sum += Math.pow(xj - tau, power);
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return ID + "(alpha=" + alpha + ", max-iter=" + maxIter + ", tolerance=" + tolerance + ")";
    }
}
