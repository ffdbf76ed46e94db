package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code co-attention} variant (Lu et al. 2016): two sequences {@code a} and
 * {@code b} attend to each other, in parallel through an affinity matrix
 * ({@link ParallelCoAttention}) or in three alternating steps ({@link AlternatingCoAttention}).
 */
public final class CoAttentionProvider implements VariantProvider {
    static final String MODE = "mode";
    static final String HIDDEN = "hidden";

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.stringParam(MODE).defaultValue("parallel").choices("parallel", "alternating")
                    .doc("parallel: affinity C = tanh(A W_c Bᵀ) guides both sides at once; alternating: b, then a, then b"),
            ParameterSpec.intParam(HIDDEN).defaultValue(8).atLeast(1)
                    .doc("width k of the hidden states H = tanh(…) scored against the learned w [1, k]"));

    public CoAttentionProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "co-attention";
    }

    @Override
    public String description() {
        return "co-attention of two sequences a, b (Lu et al. 2016): output = Σ_i f(a(H_a,i, w_a)) a_i,"
                + " output_b likewise; H from the affinity tanh(A W_c Bᵀ) (parallel) or alternating guides";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    /**
     * Draws every matrix Xavier-uniform from its own named stream ({@code "W_c"}, {@code "W_x2"}, …),
     * so adding a parameter never changes the others.
     */
    @Override
    public Variant create(PluginContext context) {
        int da = context.requireWidth(CoAttentionInputs.A);
        int db = context.requireWidth(CoAttentionInputs.B);
        int k = context.getInt(HIDDEN);
        DType dtype = context.dtype();
        // The alignment scores a hidden row (key, width k) against the learned w (query, width k).
        Alignment a = context.alignment(k, k);
        if (context.getString(MODE).equals("parallel")) {
            return new ParallelCoAttention(a, context.distribution(), new ParallelCoAttention.Weights(
                    draw(context, "W_c", da, db), draw(context, "W_a", k, da), draw(context, "W_b", k, db),
                    draw(context, "w_a", 1, k), draw(context, "w_b", 1, k)));
        }
        return new AlternatingCoAttention(a, context.distribution(),
                new GuidedSummary(1, draw(context, "W_x1", k, db), null, draw(context, "w1", 1, k)),
                new GuidedSummary(2, draw(context, "W_x2", k, da), draw(context, "W_g2", k, db), draw(context, "w2", 1, k)),
                new GuidedSummary(3, draw(context, "W_x3", k, db), draw(context, "W_g3", k, da), draw(context, "w3", 1, k)));
    }

    private static Tensor draw(PluginContext context, String name, int rows, int cols) {
        return LinearMaps.xavierUniform(context.random(name), context.dtype(), rows, cols);
    }
}
