package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;

/**
 * α-entmax (Peters, Niculae &amp; Martins 2019) for any α &gt; 1, {@code p_j = [(α−1) z_j − τ]_+^{1/(α−1)}}
 * with τ found by bisection so that {@code Σ p = 1}. Immutable.
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
