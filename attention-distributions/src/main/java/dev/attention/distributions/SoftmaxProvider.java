package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The {@code softmax} distribution: {@code w_j = exp((s_j − max)/τ) / Σ_k exp((s_k − max)/τ)} over
 * the keys the mask allows, with {@code max} the largest allowed score of the row (subtracted so no
 * exponent overflows) and the sum accumulated in double.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype. Masked
 * positions get exactly 0; a row with no allowed key is all zeros. Backward:
 * {@code ds_j = w_j (g_j − Σ_k w_k g_k)/τ}, 0 where masked.
 *
 * <p>Parameters: {@code temperature} τ (double &gt; 0, default 1): smaller is sharper, larger is
 * flatter. No learnable parameters.
 */
public final class SoftmaxProvider implements DistributionProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.doubleParam("temperature").defaultValue(1.0).greaterThan(0)
                    .doc("τ in exp(s/τ); smaller is sharper, larger is flatter"));

    public SoftmaxProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return SoftmaxDistribution.ID;
    }

    @Override
    public String description() {
        return "softmax: w_j = exp(s_j/τ) / Σ_k exp(s_k/τ) over allowed keys (computed max-subtracted)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Distribution create(PluginContext context) {
        return new SoftmaxDistribution(context.getDouble("temperature"));
    }
}
