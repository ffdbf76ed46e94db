package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

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
 */
public final class GumbelSoftmaxProvider implements DistributionProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.doubleParam("temperature").defaultValue(1.0).greaterThan(0)
                    .doc("τ in softmax((s + g)/τ); smaller is closer to one-hot"),
            ParameterSpec.booleanParam("hard").defaultValue(false)
                    .doc("forward one-hot at argmax (s + g), backward the soft gradient (straight-through)"));

    public GumbelSoftmaxProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return GumbelSoftmaxDistribution.ID;
    }

    @Override
    public String description() {
        return "Gumbel-softmax: w = softmax((s + g)/τ), g = −log(−log u) frozen by seed and position;"
                + " hard: one-hot at argmax, straight-through gradient";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Distribution create(PluginContext context) {
        return new GumbelSoftmaxDistribution(context.seed(), context.getDouble("temperature"),
                context.getBoolean("hard"));
    }
}
