package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The {@code sigmoid} distribution: {@code w_j = σ(s_j) / Σ_k σ(s_k)} over the keys the mask
 * allows, {@code σ(x) = 1/(1 + e^−x)}; the sigmoids are normalised so each row sums to 1. Computed
 * through {@code log σ} with the row maximum subtracted, so very large or very negative scores give
 * neither overflow nor 0/0. With {@code normalize: false} the weights are independent gates
 * {@code w_j = σ(s_j)}, each in [0, 1], that do not sum to 1: the distribution's
 * {@code sumsToOne()} is then false, and a variant's output is no longer a weighted mean of values.
 *
 * <p>Shapes: scores {@code [batch…, n, m]} → weights {@code [batch…, n, m]}, same dtype. Masked
 * positions get exactly 0; a row with no allowed key is all zeros. Backward:
 * {@code ds_j = w_j (1 − σ(s_j)) (g_j − Σ_k w_k g_k)}, or for gates {@code ds_j = g_j σ(s_j)(1 − σ(s_j))};
 * 0 where masked.
 *
 * <p>Parameters: {@code normalize} (boolean, default true). No learnable parameters.
 */
public final class SigmoidProvider implements DistributionProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.booleanParam("normalize").defaultValue(true)
                    .doc("divide by Σ σ so a row sums to 1; false gives independent gates σ(s)"));

    public SigmoidProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return SigmoidDistribution.ID;
    }

    @Override
    public String description() {
        return "sigmoid: w_j = σ(s_j) / Σ_k σ(s_k) over allowed keys; normalize: false gives gates w_j = σ(s_j)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Distribution create(PluginContext context) {
        return new SigmoidDistribution(context.getBoolean("normalize"));
    }
}
