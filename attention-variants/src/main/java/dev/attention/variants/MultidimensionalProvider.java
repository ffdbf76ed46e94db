package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code multidimensional} variant: DiSAN's feature-wise attention, one weight per
 * (query, key, feature). See {@link MultidimensionalVariant}. It scores with its own learned
 * function, so it never asks the context for an alignment: a configured alignment is ignored.
 */
public final class MultidimensionalProvider implements VariantProvider {
    static final String HIDDEN = "hidden";
    static final String ACTIVATION = "activation";

    private static final List<ParameterSpec> PARAMETERS = List.of(
            InputKind.spec(),
            ParameterSpec.intParam(HIDDEN).defaultValue(0).atLeast(0)
                    .doc("width d_h of σ(W_1 q + W_2 k + b_1); 0 means d_v, the values' width (DiSAN's choice)"),
            ParameterSpec.stringParam(ACTIVATION).defaultValue("elu").choices("elu", "tanh")
                    .doc("σ in the score W σ(W_1 q + W_2 k + b_1) + b; DiSAN uses ELU"),
            OrderSettings.causal());

    public MultidimensionalProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return MultidimensionalVariant.ID;
    }

    @Override
    public String description() {
        return "multi-dimensional (feature-wise) attention, DiSAN: output_ic = Σ_j f(s_·jc)_i · v_jc with"
                + " s_ij = W σ(W_1 q_i + W_2 k_j + b_1) + b, one score per feature; ignores the alignment";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    /**
     * Draws W_1, W_2 and W Xavier-uniform, each from its own random stream; b_1 and b start at zero.
     *
     * @throws ConfigException (no key) when an input's width is unknown
     */
    @Override
    public Variant create(PluginContext context) {
        InputKind kind = InputKind.of(context);
        InputKind.Widths widths = kind.widths(context);
        int dq = widths.queries();
        int dk = widths.keys();
        int dv = widths.values();
        int hidden = context.getInt(HIDDEN) == 0 ? dv : context.getInt(HIDDEN);
        FeatureScores scores = new FeatureScores(
                LinearMaps.xavierUniform(context.random("W_1"), context.dtype(), hidden, dq),
                LinearMaps.xavierUniform(context.random("W_2"), context.dtype(), hidden, dk),
                Tensor.zeros(context.dtype(), 1, hidden),
                LinearMaps.xavierUniform(context.random("W"), context.dtype(), dv, hidden),
                Tensor.zeros(context.dtype(), 1, dv),
                FeatureScores.Activation.fromId(context.getString(ACTIVATION)));
        return new MultidimensionalVariant(kind, context.getBoolean(OrderSettings.CAUSAL), scores,
                context.distribution());
    }
}
