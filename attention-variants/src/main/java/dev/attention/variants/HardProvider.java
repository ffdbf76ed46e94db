package dev.attention.variants;

import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code hard} variant: each query attends to {@code k} of its keys, the top-k by
 * weight or k sampled in proportion to the weights, with the chosen weights renormalised. See
 * {@link HardVariant}.
 */
public final class HardProvider implements VariantProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam("k").defaultValue(1).atLeast(1)
                    .doc("number of keys each query attends to; rows with fewer real keys use all of them,"
                            + " k above the data's key count is an error"),
            ParameterSpec.stringParam("mode").defaultValue("top-k").choices("top-k", "sample")
                    .doc("top-k: the k largest weights (ties to the lower index); sample: k keys drawn without"
                            + " replacement ∝ weight, reproducible from the seed"));

    public HardProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "hard";
    }

    @Override
    public String description() {
        return "hard attention over k chosen keys C_i (top-k or sampled by weight): "
                + "output_i = Σ_{j∈C_i} (w_ij / Σ_{c∈C_i} w_ic) · V_j, w_i = f(a(K, Q_i))";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Variant create(PluginContext context) {
        return new HardVariant(context.alignment(), context.distribution(), context.getInt("k"),
                HardChoice.Mode.fromId(context.getString("mode")), context.seed());
    }
}
