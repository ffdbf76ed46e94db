package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.StreamForm;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code cross} variant: queries from one sequence attend to keys and values of
 * another, optionally through learned projections and a causal mask. See {@link CrossVariant}.
 */
public final class CrossProvider implements VariantProvider {
    private static final List<ParameterSpec> PARAMETERS = PositionalSettings.after(
            ProjectionSettings.project("learn W_q [dim, d_q], W_k [dim, d_k], W_v [dim, d_v]; Q = X_q W_qᵀ, K = X_k W_kᵀ, V = X_v W_vᵀ"),
            ProjectionSettings.dim("projected width with project: true; 0 means d_q, the queries' width (PyTorch's embed_dim)"),
            OrderSettings.causal());

    public CrossProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "cross";
    }

    @Override
    public String description() {
        return "cross-attention of one sequence's queries over another's keys and values:"
                + " output_i = Σ_j f(a(K_j, Q_i)) · V_j, optionally with Q = X_q W_qᵀ, K = X_k W_kᵀ, V = X_v W_vᵀ,"
                + " positional encodings and ALiBi";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    /**
     * @throws ConfigException ({@code dim}) for a {@code dim} without {@code project: true};
     *     ({@code project}) when projecting and an input's width is unknown
     */
    @Override
    public Variant create(PluginContext context) {
        Projections projections = null;
        Alignment alignment;
        if (ProjectionSettings.enabled(context)) {
            int dq = ProjectionSettings.width(context, QkvBinding.QUERIES);
            int dk = ProjectionSettings.width(context, QkvBinding.KEYS);
            int dv = ProjectionSettings.width(context, QkvBinding.VALUES);
            int k = ProjectionSettings.dim(context, dq);
            projections = Projections.xavier(context.random(), context.dtype(), k, dq, dk, dv);
            alignment = context.alignment(k, k);
        } else {
            alignment = context.alignment();
        }
        alignment = PositionalSettings.alibi(context, alignment, 0, 1);
        PositionalEncoding positions = PositionalSettings.encoding(context,
                () -> PositionalSettings.sharedWidth(context, QkvBinding.QUERIES, QkvBinding.KEYS));
        return new CrossVariant(new QkvAttention(id(), alignment, context.distribution(), projections, context.kernel()),
                context.getBoolean(OrderSettings.CAUSAL), positions);
    }

    /** Standing queries, through the learned projections when there are any; causal has no stream form. */
    @Override
    public StreamForm streamForm(PluginContext context) {
        if (context.getBoolean(OrderSettings.CAUSAL)) {
            return StreamForm.none("cross with causal: true has no stream form",
                    "stream it without causal, or use self with causal: true for decoding");
        }
        return Projections.rowMaps(StreamForm.standingQueries(), ProjectionSettings.enabled(context));
    }
}
