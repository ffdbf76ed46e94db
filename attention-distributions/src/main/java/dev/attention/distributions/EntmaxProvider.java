package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

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
 */
public final class EntmaxProvider implements DistributionProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.doubleParam("alpha").defaultValue(1.5).greaterThan(1)
                    .doc("α: → 1 approaches softmax, 1.5 is entmax15, 2 is sparsemax; larger is sparser"),
            ParameterSpec.intParam("max-iter").defaultValue(50).atLeast(1).atMost(200)
                    .doc("most bisection steps for the threshold τ"),
            ParameterSpec.doubleParam("tolerance").defaultValue(1e-12).greaterThan(0)
                    .doc("bisection stops once the bracket on τ is narrower than this"));

    public EntmaxProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return EntmaxDistribution.ID;
    }

    @Override
    public String description() {
        return "α-entmax: p_j = [(α−1) s_j − τ]_+^{1/(α−1)} with τ so Σ p = 1, by bisection (sparse; α=2 is sparsemax)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Distribution create(PluginContext context) {
        return new EntmaxDistribution(context.getDouble("alpha"), context.getInt("max-iter"),
                context.getDouble("tolerance"));
    }
}
