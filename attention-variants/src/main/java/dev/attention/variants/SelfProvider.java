package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.StreamForm;
import dev.attention.api.spi.VariantProvider;
import java.util.List;
import java.util.OptionalInt;

/**
 * Provider of the {@code self} variant: one input {@code sequence} is queries, keys and values, or
 * their learned projections; optional causal and sliding-window masks. See {@link SelfVariant}.
 */
public final class SelfProvider implements VariantProvider {
    private static final List<ParameterSpec> PARAMETERS = PositionalSettings.after(
            ProjectionSettings.project("learn W_q, W_k, W_v [dim, d]; Q = X W_qᵀ, K = X W_kᵀ, V = X W_vᵀ"),
            ProjectionSettings.dim("projected width with project: true; 0 means d, the sequence's width"),
            OrderSettings.causal("position i sees only positions j ≤ i"),
            OrderSettings.window());

    public SelfProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "self";
    }

    @Override
    public String description() {
        return "self-attention over one sequence X: output_i = Σ_j f(a(K_j, Q_i)) · V_j with Q = K = V = X"
                + " (or X W_qᵀ, X W_kᵀ, X W_vᵀ); optional causal and window masks, positional encodings and ALiBi";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    /**
     * @throws ConfigException ({@code dim}) for a {@code dim} without {@code project: true};
     *     ({@code project}) when projecting and the sequence's width is unknown
     */
    @Override
    public Variant create(PluginContext context) {
        Projections projections = null;
        Alignment alignment;
        if (ProjectionSettings.enabled(context)) {
            int d = ProjectionSettings.width(context, SelfVariant.SEQUENCE);
            int k = ProjectionSettings.dim(context, d);
            projections = Projections.xavier(context.random(), context.dtype(), k, d, d, d);
            alignment = context.alignment(k, k);
        } else {
            // Q and K are the sequence itself: both have its width, when the engine knows it.
            OptionalInt d = context.width(SelfVariant.SEQUENCE);
            alignment = d.isPresent() ? context.alignment(d.getAsInt(), d.getAsInt()) : context.alignment();
        }
        alignment = PositionalSettings.alibi(context, alignment, 0, 1);
        PositionalEncoding positions = PositionalSettings.encoding(context,
                () -> PositionalSettings.width(context, SelfVariant.SEQUENCE));
        return new SelfVariant(new QkvAttention(id(), alignment, context.distribution(), projections, context.kernel()),
                context.getBoolean(OrderSettings.CAUSAL), context.getInt(OrderSettings.WINDOW), positions);
    }

    /** Causal self-attention decodes with a KV cache (of the last {@code window} tokens with a window). */
    @Override
    public StreamForm streamForm(PluginContext context) {
        if (!context.getBoolean(OrderSettings.CAUSAL)) {
            return StreamForm.none("self-attention over a stream needs causal: true",
                    "a token cannot attend to tokens that have not arrived; set causal: true");
        }
        return Projections.rowMaps(StreamForm.keyValueCache(context.getInt(OrderSettings.WINDOW)),
                ProjectionSettings.enabled(context));
    }
}
