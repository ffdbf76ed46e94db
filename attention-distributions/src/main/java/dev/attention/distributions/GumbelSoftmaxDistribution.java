package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Independence;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * The {@code gumbel-softmax} distribution (Jang, Gu &amp; Poole 2017; Maddison, Mnih &amp; Teh 2017):
 * {@code w = softmax((s + g)/τ)} over the allowed keys, with Gumbel noise
 * {@code g = −log(−log u)}. With {@code hard: true} the forward pass is one-hot at
 * {@code argmax_j (s_j + g_j)} over the allowed keys (the first on a tie): a sample from
 * {@code softmax(s)} by the Gumbel-max trick.
 *
 * <p><b>The noise is frozen</b>: u is a counter-based hash (SplitMix64) of the pipeline seed and the
 * position {@code (batch, query, key)}, with {@code batch} the flattened batch index, so the same
 * call always gives the same noise and the same weights, bit for bit, in float32 and float64, on any
 * thread; the noise at a position does not depend on the tensor's shape. It is not resampled between
 * calls: a different sample needs a different seed. u lies in {@code [2^−53, 1 − 2^−53]}, never 0 or
 * 1, so g is finite (|g| &lt; 37). The exact hash is in {@code GumbelNoise}.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype, computed in
 * double. Masked positions get exactly 0 (and draw no sample); a row with no allowed key is all zeros.
 * Backward: {@code ds_j = y_j (g_j − Σ_k y_k g_k)/τ} with {@code y = softmax((s + noise)/τ)}, also
 * for {@code hard: true}, where it is the straight-through estimator (the true derivative of a
 * one-hot is 0).
 *
 * <p>Parameters: {@code temperature} τ (double &gt; 0, default 1), {@code hard} (boolean, default
 * false). No learnable parameters.
 *
 * <p>Immutable and thread-safe; declared by {@link DistributionsPlugin}.
 */
final class GumbelSoftmaxDistribution implements Distribution {
    static final String ID = "gumbel-softmax";
    private final long seed;
    private final double temperature;
    private final boolean hard;

    GumbelSoftmaxDistribution(long seed, double temperature, boolean hard) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("gumbel-softmax: temperature must be finite and > 0, got "
                    + temperature);
        }
        this.seed = seed;
        this.temperature = temperature;
        this.hard = hard;
    }

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        return Rows.forward(scores, mask, (b, i, s, allowed, w) -> {
            if (hard) {
                // One-hot at the first largest perturbed score; dividing by τ > 0 keeps the argmax.
                int best = -1;
                double top = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s.length; j++) {
                    if (allowed[j]) {
                        double t = s[j] + GumbelNoise.at(seed, b, i, j);
                        if (best < 0 || t > top) {
                            best = j;
                            top = t;
                        }
                    }
                }
                w[best] = 1;
            } else {
                soft(b, i, s, allowed, w);
            }
        });
    }

    /**
     * The soft gradient {@code ds_j = y_j (g_j − Σ_k y_k g_k)/τ} with {@code y = softmax((s + noise)/τ)}
     * recomputed from the scores, whether or not the forward pass was hard: for {@code hard} this is
     * the straight-through estimator, not the derivative of the one-hot forward (which is 0).
     */
    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        double[] y = new double[scores.cols()];
        Tensor ds = Rows.backward(ID, scores, mask, weights, weightGradient, (b, i, s, allowed, w, g, out) -> {
            Arrays.fill(y, 0);
            soft(b, i, s, allowed, y);
            double mean = Rows.weightedSum(y, g, allowed);
            for (int j = 0; j < s.length; j++) {
                out[j] = y[j] * (g[j] - mean) / temperature;
            }
        });
        return new DistributionGradients(ds, Parameters.empty());
    }

    /** {@code y = softmax((s + noise)/τ)} over the allowed keys, max-subtracted so no exponent is positive. */
    private void soft(int b, int i, double[] s, boolean[] allowed, double[] y) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.length; j++) {
            if (allowed[j]) {
                y[j] = s[j] + GumbelNoise.at(seed, b, i, j);
                max = Math.max(max, y[j]);
            }
        }
        double sum = 0;
        for (int j = 0; j < s.length; j++) {
            if (allowed[j]) {
                y[j] = Math.exp((y[j] - max) / temperature);
                sum += y[j];
            }
        }
        for (int j = 0; j < s.length; j++) {
            y[j] /= sum;
        }
    }

    @Override
    public String toString() {
        return ID + "(temperature=" + temperature + ", hard=" + hard + ", seed=" + seed + ")";
    }

    /** The noise is hashed from (batch, query, key) positions: rows and batch entries depend on where they sit. */
    @Override
    public Independence independence() {
        return Independence.NONE;
    }
}
