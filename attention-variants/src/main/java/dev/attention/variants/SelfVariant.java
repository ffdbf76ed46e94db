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
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Self-attention: one sequence {@code X [batch…, n, d]} attends to itself,
 * <pre>
 *   Q = X W_qᵀ, K = X W_kᵀ, V = X W_vᵀ     (project: true; W_* [dim, d], dim = d when 0)
 *   Q = K = V = X                          (project: false)
 *   w_i      = f(a(K, Q_i))                weights [batch…, n, n]
 *   output_i = Σ_j w_ij · V_j              output  [batch…, n, d_v], d_v = dim or d
 * </pre>
 * Position {@code i} may attend to position {@code j} when both are real ({@code < lengths[b]} of
 * {@code sequence}; padded rows attend to nothing and are attended by nobody) and, with
 * {@code causal}, {@code j ≤ i}; a {@code window W > 0} keeps {@code i − W < j ≤ i} with causal
 * and {@code |i − j| < W} without. Each real row's weights sum to 1 (with a normalising
 * distribution; a causal or windowed row always keeps {@code j = i}); padded rows are all zero and
 * give a zero output.
 *
 * <p>Positions: with {@code positional} the rows become {@code X + PE} before anything else (so Q,
 * K and V all carry them); with {@code alibi} the alignment is wrapped in {@link AlibiAlignment}.
 *
 * <p>Backward: the gradient of {@code sequence} is the sum of the three paths through Q, K and V
 * (and their projections); parameters are {@code variant.positions} (learned positions),
 * {@code variant.W_q}, {@code variant.W_k}, {@code variant.W_v} (with projections),
 * {@code alignment.*} and {@code distribution.*}.
 * Without causal or window masks, positions or ALiBi (the position-dependent parts) self-attention is
 * permutation-equivariant: permuting the rows of an unpadded sequence permutes the output rows.
 * With a dot-product alignment and softmax (declared) the attention is one fused
 * {@link dev.attention.api.kernel.AttentionKernel} call ({@link KernelPath}; the weights only when
 * {@code weightsWanted}); other components take the general path. The output has the sequence's
 * dtype. Immutable and thread-safe.
 */
final class SelfVariant implements Variant {
    static final String SEQUENCE = "sequence";

    private static final List<InputSpec> INPUTS = List.of(InputSpec.required(SEQUENCE,
            "[batch…, n, d] one row per position; it gives queries, keys and values; lengths mark padding"));

    private final QkvAttention attention;
    private final boolean causal;
    private final int window;
    private final PositionalEncoding positions;

    SelfVariant(QkvAttention attention, boolean causal, int window) {
        this(attention, causal, window, PositionalEncoding.none());
    }

    SelfVariant(QkvAttention attention, boolean causal, int window, PositionalEncoding positions) {
        this.attention = attention;
        this.causal = causal;
        this.window = window;
        this.positions = positions;
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        positions.requireUnpacked(inputs);
        Tensor x = positions.add(SEQUENCE, inputs.tensor(SEQUENCE));
        return attention.forward(new QkvAttention.Operands(x, x, x), mask(inputs), kernelMasks(inputs),
                dataMasks(inputs, x), inputs.weightsWanted());
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Tensor x = positions.add(SEQUENCE, inputs.tensor(SEQUENCE));
        QkvAttention.Gradients g = attention.backward(new QkvAttention.Operands(x, x, x), mask(inputs),
                kernelMasks(inputs), dataMasks(inputs, x), result, resultGradients);
        QkvAttention.Operands d = g.inputs();
        // x + PE passes its gradient to both x and the table unchanged.
        Tensor dx = TensorSums.sum(d.queries(), d.keys(), d.values()).to(x.dtype());
        return new VariantGradients(Map.of(SEQUENCE, dx), positions.gradients(dx).concat(g.parameters()));
    }

    /** The inputs' key mask and score bias ({@code [n, n]} or {@code [batch…, n, n]}), on both paths. */
    @Override
    public boolean honoursMasks() {
        return true;
    }

    private static DataMasks dataMasks(AttentionInputs inputs, Tensor x) {
        return DataMasks.of(inputs, x.batchSize(), 1, x.rows(), x.rows());
    }

    @Override
    public Parameters parameters() {
        return positions.parameters().concat(attention.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        QualifiedParameters.requireKnown("self attention", parameters(), parameters);
        return parameters.isEmpty() ? this : new SelfVariant(attention.withParameters(PositionalEncoding.others(parameters)),
                causal, window, positions.withParameters(parameters));
    }

    @Override
    public String toString() {
        return "SelfVariant(" + attention + (causal ? ", causal" : "") + (window > 0 ? ", window " + window : "")
                + (positions.kind() == PositionalEncoding.Kind.NONE ? "" : ", positions " + positions) + ")";
    }

    private Mask mask(AttentionInputs inputs) {
        Optional<int[]> lengths = inputs.lengths(SEQUENCE);
        return PositionMasks.padding(lengths, lengths).and(PositionMasks.order(causal, window));
    }

    /** A sequence attends to itself: batch entries independent, rows not. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(attention.independence());
    }

    /** {@link #mask} for the kernel: the lengths on both sides, causal and window as a band. */
    private KernelPath.Masks kernelMasks(AttentionInputs inputs) {
        int[] lengths = inputs.lengths(SEQUENCE).orElse(null);
        return KernelPath.Masks.lengths(lengths, lengths).order(causal, window);
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = PositionalSettings.after(
            ProjectionSettings.project("learn W_q, W_k, W_v [dim, d]; Q = X W_qᵀ, K = X W_kᵀ, V = X W_vᵀ"),
            ProjectionSettings.dim("projected width with project: true; 0 means d, the sequence's width"),
            OrderSettings.causal("position i sees only positions j ≤ i"),
            OrderSettings.window());

    /**
     * @throws ConfigException ({@code dim}) for a {@code dim} without {@code project: true};

     *     ({@code project}) when projecting and the sequence's width is unknown
     */
    static Variant create(PluginContext context) {
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
                () -> PositionalSettings.width(context, SelfVariant.SEQUENCE), SelfVariant.SEQUENCE);
        return new SelfVariant(new QkvAttention("self", alignment, context.distribution(), projections, context.kernel()),
                context.getBoolean(OrderSettings.CAUSAL), context.getInt(OrderSettings.WINDOW), positions);
    }
}
