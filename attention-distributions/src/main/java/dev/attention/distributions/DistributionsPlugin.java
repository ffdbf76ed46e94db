package dev.attention.distributions;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginRegistrar;

/**
 * The entry point of this jar: the seven distributions {@code f}, each turning scores
 * {@code [batch…, n, m]} into weights of that shape and dtype, 0 where masked. Formulas, gradients
 * and numerics are on each distribution's class; none has learnable parameters.
 */
public final class DistributionsPlugin implements AttentionPlugin {

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public void register(PluginRegistrar plugins) {
        plugins.distribution(SoftmaxDistribution.ID, "softmax: w_j = exp(s_j/τ) / Σ_k exp(s_k/τ) over allowed keys"
                + " (computed max-subtracted)", c -> new SoftmaxDistribution(c.getDouble("temperature")))
                .parameters(ParameterSpec.doubleParam("temperature").defaultValue(1.0).greaterThan(0)
                        .doc("τ in exp(s/τ); smaller is sharper, larger is flatter"));

        plugins.distribution(SigmoidDistribution.ID, "sigmoid: w_j = σ(s_j) / Σ_k σ(s_k) over allowed keys;"
                + " normalize: false gives gates w_j = σ(s_j)", c -> new SigmoidDistribution(c.getBoolean("normalize")))
                .parameters(ParameterSpec.booleanParam("normalize").defaultValue(true)
                        .doc("divide by Σ σ so a row sums to 1; false gives independent gates σ(s)"));

        plugins.distribution(NormalizeDistribution.ID, "proportional: w_j = s_j / Σ_k s_k over allowed keys"
                + " (scores must be ≥ 0)", c -> new NormalizeDistribution());

        plugins.distribution(SparsemaxDistribution.ID, "sparsemax: p = argmin_{p∈Δ} ‖p − s‖² = max(s − τ, 0) with τ"
                + " so Σ p = 1 (sparse, exact by sorting)", c -> new SparsemaxDistribution());

        plugins.distribution(Entmax15Distribution.ID, "1.5-entmax: p_j = [s_j/2 − τ]_+² with τ so Σ p = 1 (sparse,"
                + " exact by sorting)", c -> new Entmax15Distribution());

        plugins.distribution(EntmaxDistribution.ID, "α-entmax: p_j = [(α−1) s_j − τ]_+^{1/(α−1)} with τ so Σ p = 1,"
                + " by bisection (sparse; α=2 is sparsemax); learn-alpha: α = 1 + (alpha-max − 1)·σ(alpha_logit) learned",
                c -> c.getBoolean("learn-alpha")
                        ? EntmaxDistribution.learned(c.getDouble("alpha"), c.getDouble("alpha-max"), c.getInt("max-iter"),
                                c.getDouble("tolerance"), c.dtype())
                        : new EntmaxDistribution(c.getDouble("alpha"), c.getInt("max-iter"), c.getDouble("tolerance")))
                .parameters(ParameterSpec.doubleParam("alpha").defaultValue(1.5).greaterThan(1)
                                .doc("α: → 1 approaches softmax, 1.5 is entmax15, 2 is sparsemax; larger is sparser"),
                        ParameterSpec.intParam("max-iter").defaultValue(50).atLeast(1).atMost(200)
                                .doc("most bisection steps for the threshold τ"),
                        ParameterSpec.doubleParam("tolerance").defaultValue(1e-12).greaterThan(0)
                                .doc("bisection stops once the bracket on τ is narrower than this"),
                        ParameterSpec.booleanParam("learn-alpha").defaultValue(false)
                                .doc("learn α (Correia et al. 2019): parameter alpha_logit [1, 1] = a, α = 1 +"
                                        + " (alpha-max − 1)·σ(a), starting at alpha; one per head in multi-head"),
                        ParameterSpec.doubleParam("alpha-max").defaultValue(2.0).greaterThan(1)
                                .doc("with learn-alpha, the bound α stays below (2 as the paper: α ∈ (1, 2))"));

        plugins.distribution(GumbelSoftmaxDistribution.ID, "Gumbel-softmax: w = softmax((s + g)/τ), g = −log(−log u)"
                + " frozen by seed and position; hard: one-hot at argmax, straight-through gradient",
                c -> new GumbelSoftmaxDistribution(c.seed(), c.getDouble("temperature"), c.getBoolean("hard")))
                .parameters(ParameterSpec.doubleParam("temperature").defaultValue(1.0).greaterThan(0)
                                .doc("τ in softmax((s + g)/τ); smaller is closer to one-hot"),
                        ParameterSpec.booleanParam("hard").defaultValue(false)
                                .doc("forward one-hot at argmax (s + g), backward the soft gradient (straight-through)"));
    }
}
