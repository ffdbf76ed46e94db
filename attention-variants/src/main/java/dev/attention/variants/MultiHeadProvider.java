package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code multi-head} variant: learned Q/K/V projections split into heads, any
 * alignment and distribution per head, and an output projection. See {@link MultiHeadVariant}.
 */
public final class MultiHeadProvider implements VariantProvider {
    static final String HEADS = "heads";
    static final String DIM = "dim";
    static final String BIAS = "bias";
    static final String DROPOUT = "dropout";
    static final String AVERAGE_WEIGHTS = "average-weights";

    private static final List<ParameterSpec> PARAMETERS = PositionalSettings.after(
            InputKind.spec(),
            ParameterSpec.intParam(HEADS).defaultValue(1).atLeast(1)
                    .doc("number of heads h; dim must be divisible by h (d_head = dim / h)"),
            ParameterSpec.intParam(DIM).defaultValue(0).atLeast(0)
                    .doc("model width d_model of Q, K, V and the output; 0 means the queries' (or sequence's) width"),
            ParameterSpec.booleanParam(BIAS).defaultValue(true)
                    .doc("learn biases b_q, b_k, b_v, b_o [1, dim] (zero at start)"),
            OrderSettings.causal(),
            OrderSettings.window(),
            ParameterSpec.doubleParam(DROPOUT).defaultValue(0.0).atLeast(0).lessThan(1)
                    .doc("attention dropout p in training (mode TRAIN) only; survivors scaled by 1/(1 − p)"),
            ParameterSpec.booleanParam(AVERAGE_WEIGHTS).defaultValue(false)
                    .doc("also return weights_mean [batch…, n, m], the weights averaged over heads"));

    public MultiHeadProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return MultiHeadVariant.ID;
    }

    @Override
    public String description() {
        return "multi-head attention: output = [head_1, …, head_h] W_oᵀ + b_o, head_k = Σ_j f(a(K_kj, Q_ki)) · V_kj"
                + " with Q = X_q W_qᵀ + b_q, K = X_k W_kᵀ + b_k, V = X_v W_vᵀ + b_v split into h heads";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    /**
     * Draws W_q, W_k, W_v, W_o Xavier-uniform, each from its own random stream; biases start at zero.
     * The variant computes on {@link PluginContext#kernel()} when the alignment declares
     * {@link Alignment#dotProductScale(int)} for the head width and the distribution
     * {@link dev.attention.api.Distribution#softmaxTemperature()}, neither with parameters.
     *
     * @throws ConfigException ({@code heads}) when dim is not divisible by heads; ({@code positional})
     *     for learned positions over queries and keys of different widths; (no key) when an input's
     *     width is unknown
     */
    @Override
    public Variant create(PluginContext context) {
        InputKind kind = InputKind.of(context);
        InputKind.Widths widths = kind.widths(context);
        int dq = widths.queries();
        int dk = widths.keys();
        int dv = widths.values();
        int heads = context.getInt(HEADS);
        int dim = context.getInt(DIM) == 0 ? dq : context.getInt(DIM);
        if (dim % heads != 0) {
            throw new ConfigException(HEADS, "dim " + dim + (context.getInt(DIM) == 0 ? " (the queries' width)" : "")
                    + " is not divisible by heads " + heads,
                    "choose heads dividing dim (d_head = dim / heads), or set dim to a multiple of heads");
        }
        boolean bias = context.getBoolean(BIAS);
        MultiHeadVariant.Maps maps = new MultiHeadVariant.Maps(map(context, "W_q", "b_q", dim, dq, bias),
                map(context, "W_k", "b_k", dim, dk, bias), map(context, "W_v", "b_v", dim, dv, bias),
                map(context, "W_o", "b_o", dim, dim, bias));
        int width = dim / heads;
        Alignment first = context.alignment(width, width);
        // A learnable alignment gets one instance per head, so heads learn separate parameters.
        boolean perHead = !first.parameters().isEmpty();
        Alignment[] alignments = new Alignment[heads];
        for (int h = 0; h < heads; h++) {
            Alignment a = h == 0 || !perHead ? first : context.alignment(width, width);
            alignments[h] = PositionalSettings.alibi(context, a, h, heads);
        }
        PositionalEncoding positions = PositionalSettings.encoding(context, () -> kind == InputKind.SELF
                ? PositionalSettings.width(context, kind.queriesName())
                : PositionalSettings.sharedWidth(context, kind.queriesName(), kind.keysName()));
        MultiHeadVariant.Settings settings = new MultiHeadVariant.Settings(kind, heads,
                context.getBoolean(OrderSettings.CAUSAL), context.getInt(OrderSettings.WINDOW),
                context.getBoolean(AVERAGE_WEIGHTS), context.getDouble(DROPOUT), context.random(DROPOUT).nextLong());
        return new MultiHeadVariant(settings, maps, positions, alignments, perHead, context.distribution(),
                perHead ? null : first, context.kernel());
    }

    /** {@code W [out, in]} Xavier-uniform from the stream named after it; {@code b [1, out]} zeros. */
    private static AffineMap map(PluginContext context, String weight, String bias, int out, int in, boolean withBias) {
        Tensor w = LinearMaps.xavierUniform(context.random(weight), context.dtype(), out, in);
        return new AffineMap(w, withBias ? Tensor.zeros(context.dtype(), 1, out) : null);
    }

    /** PyTorch's {@code nn.MultiheadAttention} state dicts: format {@code torch-mha}. */
    @Override
    public List<dev.attention.api.spi.TensorImport> imports() {
        return List.of(new TorchMultiheadImport());
    }
}
