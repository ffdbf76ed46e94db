package dev.attention.variants;

import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code local-p} variant: each query predicts a position
 * {@code p = S·sigmoid(v_pᵀ tanh(W_p q))} and attends to a Gaussian-damped window around it. See
 * {@link LocalPVariant}. Its learnable {@code W_p} is sized by the queries' width, which the
 * engine takes from the data ({@link PluginContext#requireWidth}).
 */
public final class LocalPProvider implements VariantProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam("window").defaultValue(2).atLeast(1)
                    .doc("half-width D: keys within D of round(p) take part; the Gaussian has σ = D/2, so D ≥ 1"),
            ParameterSpec.intParam("hidden").defaultValue(8).atLeast(1)
                    .doc("rows of W_p [hidden, d_q] and width of v_p [1, hidden] in p = S·sigmoid(v_pᵀ tanh(W_p q))"));

    public LocalPProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "local-p";
    }

    @Override
    public String description() {
        return "local attention around a predicted position (Luong et al. 2015, local-p): p_i = S·sigmoid(v_pᵀ tanh(W_p Q_i)), "
                + "output_i = Σ_{|j−round(p_i)|≤D} f(a(K_j, Q_i)) · exp(−(j−p_i)²/(2σ²)) · V_j, σ = D/2";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Variant create(PluginContext context) {
        PositionPredictor predictor = PositionPredictor.xavier(context.getInt("hidden"),
                context.requireWidth(QkvBinding.QUERIES), context.random(), context.dtype());
        return new LocalPVariant(context.alignment(), context.distribution(), predictor, context.getInt("window"));
    }
}
