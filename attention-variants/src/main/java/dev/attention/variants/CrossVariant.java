package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;
import java.util.Map;

/**
 * Cross-attention: the queries of one sequence attend to the keys and values of another,
 * <pre>
 *   Q = X_q W_qᵀ, K = X_k W_kᵀ, V = X_v W_vᵀ   (project: true; W_q [dim, d_q], W_k [dim, d_k],
 *                                              W_v [dim, d_v]; dim = d_q when 0)
 *   Q = X_q, K = X_k, V = X_v                   (project: false)
 *   w_i      = f(a(K, Q_i))                     weights [batch…, n, m]
 *   output_i = Σ_j w_ij · V_j                   output  [batch…, n, dim or d_v]
 * </pre>
 * with {@code queries [batch…, n, d_q]}, {@code keys [batch…, m, d_k]} and
 * {@code values [batch…, m, d_v]} (equal batch dimensions, one value row per key).
 *
 * <p>Masks: padding on both sides from lengths (query rows {@code i ≥ lengths("queries")[b]}
 * attend to nothing, keys {@code j ≥ lengths("keys")[b]} are attended by nobody; values' lengths,
 * when given, must equal the keys'); with {@code causal}, key {@code j} is visible to query
 * {@code i} iff {@code j ≤ i}, top-left aligned on rectangular shapes as PyTorch's
 * {@code torch.ones(n, m).tril()}. Each row with a visible key sums to 1 (with a normalising
 * distribution); rows without one are all zero and give a zero output. Without masks and
 * projections it computes exactly what {@code global} does.
 *
 * <p>Positions: with {@code positional} the queries and keys become {@code X + PE} (row index as
 * position; values are left as they are); with {@code alibi} the alignment is wrapped in
 * {@link AlibiAlignment}.
 *
 * <p>Parameters: {@code variant.positions} (learned positions, one table for queries and keys),
 * {@code variant.W_q}, {@code variant.W_k}, {@code variant.W_v} (with projections),
 * {@code alignment.*}, {@code distribution.*}. With a dot-product alignment and softmax (declared)
 * the attention is one fused {@link dev.attention.api.kernel.AttentionKernel} call
 * ({@link KernelPath}; the weights only when {@code weightsWanted}); other components take the
 * general path. The output has the queries' dtype. Immutable and thread-safe.
 */
final class CrossVariant implements Variant {

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(QkvBinding.QUERIES, "[batch…, n, d_q] one row per position of the querying sequence"),
            InputSpec.required(QkvBinding.KEYS, "[batch…, m, d_k] one row per position of the attended sequence"),
            InputSpec.required(QkvBinding.VALUES, "[batch…, m, d_v] one row per key; same lengths as keys"));

    private final QkvAttention attention;
    private final boolean causal;
    private final PositionalEncoding positions;

    CrossVariant(QkvAttention attention, boolean causal) {
        this(attention, causal, PositionalEncoding.none());
    }

    CrossVariant(QkvAttention attention, boolean causal, PositionalEncoding positions) {
        this.attention = attention;
        this.causal = causal;
        this.positions = positions;
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        QkvBinding in = QkvBinding.of(inputs);
        positions.requireUnpacked(inputs);
        return attention.forward(sources(in), mask(in), kernelMasks(in), in.dataMasks(inputs, 1),
                inputs.weightsWanted());
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        QkvBinding in = QkvBinding.of(inputs);
        QkvAttention.Gradients g = attention.backward(sources(in), mask(in), kernelMasks(in), in.dataMasks(inputs, 1),
                result, resultGradients);
        QkvAttention.Operands d = g.inputs();
        return new VariantGradients(Map.of(QkvBinding.QUERIES, d.queries(), QkvBinding.KEYS, d.keys(),
                QkvBinding.VALUES, d.values().to(in.rawValues.dtype())),
                positions.gradients(d.queries(), d.keys()).concat(g.parameters()));
    }

    /** The inputs' key mask and score bias ({@code [n, m]} or {@code [batch…, n, m]}), on both paths. */
    @Override
    public boolean honoursMasks() {
        return true;
    }

    @Override
    public Parameters parameters() {
        return positions.parameters().concat(attention.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        QualifiedParameters.requireKnown("cross attention", parameters(), parameters);
        return parameters.isEmpty() ? this : new CrossVariant(attention.withParameters(PositionalEncoding.others(parameters)),
                causal, positions.withParameters(parameters));
    }

    @Override
    public String toString() {
        return "CrossVariant(" + attention + (causal ? ", causal" : "")
                + (positions.kind() == PositionalEncoding.Kind.NONE ? "" : ", positions " + positions) + ")";
    }

    /** The three inputs, checked by {@link QkvBinding}, with positions added to queries and keys. */
    private QkvAttention.Operands sources(QkvBinding in) {
        return new QkvAttention.Operands(positions.add(QkvBinding.QUERIES, in.queries),
                positions.add(QkvBinding.KEYS, in.keys), in.values);
    }

    private Mask mask(QkvBinding in) {
        return in.padding.and(PositionMasks.order(causal, 0));
    }

    /** Rows independent unless causal masks or positions tie a row to its index (ALiBi's alignment says so itself). */
    @Override
    public boolean tilesScores() {
        return attention.tilesScores();
    }

    @Override
    public Independence independence() {
        boolean positional = causal || positions.kind() != PositionalEncoding.Kind.NONE;
        return (positional ? Independence.BATCH_ENTRIES : Independence.ALL).and(attention.independence());
    }

    /** {@link #mask} for the kernel: both sides' lengths, causal as {@code j − i ≤ 0}. */
    private KernelPath.Masks kernelMasks(QkvBinding in) {
        return in.kernelPadding().order(causal, 0);
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = PositionalSettings.after(
            ProjectionSettings.project("learn W_q [dim, d_q], W_k [dim, d_k], W_v [dim, d_v]; Q = X_q W_qᵀ, K = X_k W_kᵀ, V = X_v W_vᵀ"),
            ProjectionSettings.dim("projected width with project: true; 0 means d_q, the queries' width (PyTorch's embed_dim)"),
            OrderSettings.causal());

    /**
     * @throws ConfigException ({@code dim}) for a {@code dim} without {@code project: true};

     *     ({@code project}) when projecting and an input's width is unknown
     */
    static Variant create(PluginContext context) {
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
                () -> PositionalSettings.sharedWidth(context, QkvBinding.QUERIES, QkvBinding.KEYS),
                QkvBinding.QUERIES, QkvBinding.KEYS);
        return new CrossVariant(new QkvAttention("cross", alignment, context.distribution(), projections, context.kernel()),
                context.getBoolean(OrderSettings.CAUSAL), positions);
    }
}
