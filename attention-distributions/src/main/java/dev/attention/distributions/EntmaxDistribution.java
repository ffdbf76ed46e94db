package dev.attention.distributions;

import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

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
 * default 50), {@code tolerance} (double &gt; 0, default 1e-12), {@code learn-alpha} (default false),
 * {@code alpha-max} (double &gt; 1, default 2).
 *
 * <p>With {@code learn-alpha}, α is learned as in Correia, Niculae &amp; Martins 2019 ("Adaptively
 * Sparse Transformers"): one learnable parameter {@code alpha_logit [1, 1]} = a, with
 * {@code α = 1 + (alpha-max − 1)·σ(a)}, so α stays in (1, alpha-max) whatever a step does;
 * {@code alpha} is the starting α (it must lie below {@code alpha-max}). Its gradient is the closed
 * form (see {@link #alphaGradient}), times {@code dα/da = (α − 1)(1 − σ(a))}. So that the power
 * {@code 1/(α−1)} stays finite, α is never taken below {@link #MIN_ALPHA}.
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class EntmaxDistribution implements Distribution {
    static final String ID = "entmax";
    /** The learnable parameter's name: a, with α = 1 + (alpha-max − 1)·σ(a). */
    static final String ALPHA_LOGIT = "alpha_logit";
    /** The smallest α computed with, where σ(a) rounds towards 0 (1/(α−1) ≤ 1000 keeps p finite). */
    static final double MIN_ALPHA = 1.001;
    private final double alpha;
    /** a [1, 1] when α is learned, else null. */
    private final Tensor logit;
    private final double alphaMax;
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
        this.logit = null;
        this.alphaMax = Double.NaN;
    }

    /** α learned from a: {@code α = max(1 + (alphaMax − 1)·σ(a), MIN_ALPHA)}. */
    private EntmaxDistribution(Tensor logit, double alphaMax, int maxIter, double tolerance) {
        this(Math.max(MIN_ALPHA, 1 + (alphaMax - 1) * sigmoid(logit.at(0))), maxIter, tolerance, logit, alphaMax);
    }

    private EntmaxDistribution(double alpha, int maxIter, double tolerance, Tensor logit, double alphaMax) {
        this.alpha = alpha;
        this.maxIter = maxIter;
        this.tolerance = tolerance;
        this.power = 1 / (alpha - 1);
        this.logit = logit;
        this.alphaMax = alphaMax;
    }

    /**
     * α-entmax with a learned α starting at {@code alpha}: {@code a = logit((α − 1)/(alphaMax − 1))}.
     *
     * @throws ConfigException ({@code alpha}) unless {@code 1 < alpha < alphaMax}
     */
    static EntmaxDistribution learned(double alpha, double alphaMax, int maxIter, double tolerance, DType dtype) {
        if (!(alpha < alphaMax)) {
            throw new ConfigException("alpha", "with learn-alpha, the starting alpha " + alpha
                    + " must lie below alpha-max " + alphaMax + " (α = 1 + (alpha-max − 1)·σ(a) never reaches it)",
                    "choose alpha between 1 and alpha-max, or raise alpha-max");
        }
        new EntmaxDistribution(alpha, maxIter, tolerance); // validates alpha, max-iter and tolerance
        double u = (alpha - 1) / (alphaMax - 1);
        Tensor a = Tensor.of(dtype, new int[] {1, 1}, Math.log(u / (1 - u)));
        return new EntmaxDistribution(a, alphaMax, maxIter, tolerance);
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    /** The α the weights are computed with (the learned one with {@code learn-alpha}). */
    double alpha() {
        return alpha;
    }

    @Override
    public Parameters parameters() {
        return logit == null ? Parameters.empty() : Parameters.of(ALPHA_LOGIT, logit);
    }

    @Override
    public Distribution withParameters(Parameters parameters) {
        if (logit == null) {
            return Distribution.super.withParameters(parameters);
        }
        for (String name : parameters.names()) {
            if (!name.equals(ALPHA_LOGIT)) {
                throw new ShapeException(ID + " has no parameter '" + name + "'; known: [" + ALPHA_LOGIT + "]");
            }
        }
        Tensor a = parameters.find(ALPHA_LOGIT).orElse(logit);
        if (!Arrays.equals(a.shape(), logit.shape())) {
            throw new ShapeException("parameter '" + ALPHA_LOGIT + "' has shape " + ShapeException.format(logit.shape())
                    + ", got " + ShapeException.format(a.shape()));
        }
        if (!Double.isFinite(a.at(0))) {
            throw new ShapeException("parameter '" + ALPHA_LOGIT + "' must be finite, got " + a.at(0));
        }
        return new EntmaxDistribution(a.to(logit.dtype()), alphaMax, maxIter, tolerance);
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
        if (logit == null) {
            Tensor ds = SparseRows.scoreGradient(ID, scores, mask, weights, weightGradient,
                    this::project, 2 - alpha);
            return new DistributionGradients(ds, Parameters.empty());
        }
        int m = scores.cols();
        double[] z = new double[m];
        double[] gz = new double[m];
        double[] dz = new double[m];
        double[] dAlpha = new double[1];
        Tensor ds = Rows.backward(ID, scores, mask, weights, weightGradient, (b, i, s, allowed, w, g, out) -> {
            int n = Rows.gather(s, allowed, z);
            Rows.gather(g, allowed, gz);
            double[] p = project(z, n);
            SupportGradient.backward(p, gz, n, 2 - alpha, dz);
            Rows.scatter(dz, allowed, out);
            dAlpha[0] += alphaGradient(p, gz, n);
        });
        // dα/da = (alpha-max − 1)·σ(1 − σ) = (α − 1)(1 − σ); 0 where α is held at MIN_ALPHA.
        double sigma = sigmoid(logit.at(0));
        double raw = 1 + (alphaMax - 1) * sigma;
        double dAlphaDa = raw < MIN_ALPHA ? 0 : (raw - 1) * (1 - sigma);
        Tensor da = Tensor.of(logit.dtype(), new int[] {1, 1}, dAlpha[0] * dAlphaDa);
        return new DistributionGradients(ds, Parameters.of(ALPHA_LOGIT, da));
    }

    /**
     * {@code Σ_j g_j ∂p_j/∂α} for one compact row. With β = α − 1, {@code p_j = [β z_j − τ]_+^{1/β}}
     * and {@code Σ p = 1}: on the support S, {@code log p_j = log(β z_j − τ)/β}, so
     * {@code ∂p_j/∂α = (−p_j log p_j + r_j (z_j − ∂τ/∂α))/β} with {@code r_j = p_j^{2−α}}; the
     * constraint {@code Σ ∂p_j/∂α = 0} fixes ∂τ/∂α, and substituting {@code β z_j = p_j^β + τ} leaves
     * only p: {@code ∂p_j/∂α = (p_j − q_j)/β² − (p_j log p_j − q_j H)/β} with {@code q = r/Σ r} and
     * {@code H = Σ_S p log p}; 0 off the support.
     */
    double alphaGradient(double[] p, double[] g, int n) {
        double exponent = 2 - alpha;
        // r rescaled by its largest value (smallest p for α > 2), as SupportGradient, so q cannot overflow.
        double ref = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] > 0) {
                ref = ref == 0 ? p[j] : exponent >= 0 ? Math.max(ref, p[j]) : Math.min(ref, p[j]);
            }
        }
        if (ref == 0) {
            return 0;
        }
        double rSum = 0;
        double h = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] > 0) {
                rSum += Math.pow(p[j] / ref, exponent);
                h += p[j] * Math.log(p[j]);
            }
        }
        double beta = alpha - 1;
        double sum = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] > 0) {
                double q = Math.pow(p[j] / ref, exponent) / rSum;
                double pLogP = p[j] * Math.log(p[j]);
                sum += g[j] * ((p[j] - q) / (beta * beta) - (pLogP - q * h) / beta);
            }
        }
        return sum;
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
        return ID + "(alpha=" + alpha + (logit == null ? "" : " learned, alpha-max=" + alphaMax)
                + ", max-iter=" + maxIter + ", tolerance=" + tolerance + ")";
    }
}
