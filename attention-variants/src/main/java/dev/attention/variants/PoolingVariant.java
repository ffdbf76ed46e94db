package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Attention pooling with a learned context vector (Yang et al. 2016, word level): a sequence
 * {@code h [batch…, n, d]} is summarised into one row,
 * <pre>
 *   k_t    = tanh(W h_t + b)    (hidden &gt; 0; W [hidden, d], b [1, hidden])   or   k_t = h_t
 *   w      = f(a(k, u))         u [1, k] learned, k = hidden or d       weights [batch…, 1, n]
 *   output = Σ_t w_t · h_t                                            output  [batch…, 1, d]
 * </pre>
 * Padded positions ({@code t ≥ lengths("sequence")[b]}) get weight exactly 0; the weights of a
 * sequence with a real position sum to 1 (with a normalising distribution), an empty sequence gives
 * zero weights and a zero output. Parameters: {@code variant.u}, and with {@code hidden > 0}
 * {@code variant.W} and {@code variant.b}; then {@code alignment.*} and {@code distribution.*}.
 *
 * <p>Positions: with {@code positional} the rows become {@code h_t + PE[t]} before anything else
 * (keys and pooled values alike), as in {@code self}; {@code sinusoidal-2d} numbers the cells of an
 * image input's grid, {@code learned} adds {@code variant.positions} (first).
 *
 * <p>With a dot-product alignment and softmax (declared) the pooling is one fused
 * {@link AttentionKernel} call with {@code u} as the single query row and key lengths as padding
 * ({@link KernelPath}; the weights only when {@code weightsWanted}); other components take the
 * general path. The key map {@code W h_t + b} and its gradients are kernel matrix products either
 * way. The output has the sequence's dtype. Immutable and thread-safe.
 */
final class PoolingVariant implements Variant {
    static final String HIDDEN = "hidden";
    static final String SEQUENCE = "sequence";
    static final String U = "u";
    static final String W = "W";
    static final String B = "b";

    private static final List<InputSpec> INPUTS = List.of(InputSpec.required(SEQUENCE,
            "[batch…, n, d] the rows to pool; lengths mark padding"));

    /** The learned key map {@code k_t = tanh(W h_t + b)}. */
    record Keys(Tensor w, Tensor b) {
        Tensor apply(Tensor h) {
            return BatchMatrices.tanh(LinearMaps.apply(SEQUENCE, h, w, b));
        }

        /** {@link #apply(Tensor)} with {@code W h_t + b} as one {@code kernel.linear}. */
        Tensor apply(AttentionKernel kernel, Tensor h) {
            return BatchMatrices.tanh(LinearMaps.apply(kernel, SEQUENCE, h, w, b));
        }
    }

    private final Alignment alignment;
    private final Distribution distribution;
    private final Tensor u;
    private final Keys keys;
    private final AttentionKernel kernel;
    private final PositionalEncoding positions;

    /** @param keys null when the sequence itself gives the keys */
    PoolingVariant(Alignment alignment, Distribution distribution, Tensor u, Keys keys) {
        this(alignment, distribution, u, keys, AttentionKernel.reference());
    }

    /** @param keys null when the sequence itself gives the keys */
    PoolingVariant(Alignment alignment, Distribution distribution, Tensor u, Keys keys, AttentionKernel kernel) {
        this(alignment, distribution, u, keys, kernel, PositionalEncoding.none());
    }

    /** @param keys null when the sequence itself gives the keys */
    PoolingVariant(Alignment alignment, Distribution distribution, Tensor u, Keys keys, AttentionKernel kernel,
            PositionalEncoding positions) {
        this.alignment = Objects.requireNonNull(alignment, "alignment");
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.u = Objects.requireNonNull(u, U);
        this.keys = keys;
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.positions = Objects.requireNonNull(positions, "positions");
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        positions.requireUnpacked(inputs);
        Tensor h = positions.add(SEQUENCE, inputs.tensor(SEQUENCE));
        Tensor k = keysOf(h);
        Tensor q = ContextQuery.broadcast(u, h);
        Optional<KernelSpec> spec = kernelSpec(q, k, inputs);
        if (spec.isPresent()) {
            return KernelPath.forward(kernel, q, k, h, spec.get(), inputs.weightsWanted());
        }
        Attend.Forward f = Attend.forward(alignment, distribution, q, k, h, mask(inputs));
        return AttentionResult.of(f.output(), f.weights());
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Tensor h = positions.add(SEQUENCE, inputs.tensor(SEQUENCE));
        Tensor k = keysOf(h);
        Tensor q = ContextQuery.broadcast(u, h);
        int[] outputShape = q.shape();
        outputShape[outputShape.length - 1] = h.cols();
        Optional<KernelSpec> spec = kernelSpec(q, k, inputs);
        Attend.Backward g;
        if (spec.isPresent()) {
            int[] weightsShape = q.shape();
            weightsShape[weightsShape.length - 1] = k.rows();
            ResultGradients given = ResultGradients.read("pooling", resultGradients, outputShape, weightsShape);
            g = KernelPath.backward(kernel, alignment, distribution, q, k, h, spec.get(), result, given.output(),
                    given.weights());
        } else {
            Mask mask = mask(inputs);
            Attend.Forward f = Attend.replay(alignment, distribution, q, k, mask, result);
            ResultGradients given = ResultGradients.read("pooling", resultGradients, outputShape, f.scores().shape());
            g = Attend.backward(alignment, distribution, q, k, h, mask, f, given.output(), given.weights());
        }
        Map<String, Tensor> own = new LinkedHashMap<>();
        own.put(U, ContextQuery.gradient(g.queries(), u.dtype()));
        Tensor dh;
        if (keys == null) {
            dh = TensorSums.sum(g.values(), g.keys());
        } else {
            // k = tanh(z), z = W h + b.
            Tensor dZ = BatchMatrices.tanhGradient(k, g.keys().to(k.dtype()));
            own.put(W, LinearMaps.weightGradient(kernel, dZ, h, keys.w().dtype()));
            own.put(B, LinearMaps.biasGradient(dZ, keys.b().dtype()));
            dh = TensorSums.sum(g.values(), LinearMaps.inputGradient(kernel, dZ, keys.w()));
        }
        // h + PE passes its gradient to the sequence and the table unchanged.
        return new VariantGradients(Map.of(SEQUENCE, dh), positions.gradients(dh)
                .concat(QualifiedParameters.ownFirst(Parameters.of(own), g.alignment(), g.distribution())));
    }

    @Override
    public Parameters parameters() {
        return positions.parameters()
                .concat(QualifiedParameters.ownFirst(own(), alignment.parameters(), distribution.parameters()));
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        if (parameters.isEmpty()) {
            return this;
        }
        QualifiedParameters.requireKnown("pooling attention", parameters(), parameters);
        PositionalEncoding pe = positions.withParameters(parameters);
        parameters = PositionalEncoding.others(parameters);
        Parameters local = parameters.withoutPrefix(QualifiedParameters.VARIANT);
        Keys k = keys == null ? null : new Keys(QualifiedParameters.replace(local, W, keys.w()),
                QualifiedParameters.replace(local, B, keys.b()));
        return new PoolingVariant(QualifiedParameters.alignment(alignment, parameters),
                QualifiedParameters.distribution(distribution, parameters), QualifiedParameters.replace(local, U, u), k,
                kernel, pe);
    }

    @Override
    public String toString() {
        return "PoolingVariant(" + alignment + ", " + distribution + ", k = " + u.cols()
                + (keys == null ? "" : ", hidden")
                + (positions.kind() == PositionalEncoding.Kind.NONE ? "" : ", positions " + positions) + ")";
    }

    private Parameters own() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(U, u);
        if (keys != null) {
            m.put(W, keys.w());
            m.put(B, keys.b());
        }
        return Parameters.of(m);
    }

    private Tensor keysOf(Tensor h) {
        if (keys != null) {
            return keys.apply(kernel, h);
        }
        if (h.cols() != u.cols()) {
            throw new ShapeException("sequence has width " + h.cols() + " (shape " + ShapeException.format(h.shape())
                    + ") but pooling was created for width " + u.cols());
        }
        return h;
    }

    /** The kernel's spec: one query row ({@code u}) per batch element, the sequence's lengths on the keys. */
    private Optional<KernelSpec> kernelSpec(Tensor q, Tensor k, AttentionInputs inputs) {
        return KernelPath.spec(alignment, distribution, q.cols(), k.cols(),
                KernelPath.Masks.lengths(null, inputs.lengths(SEQUENCE).orElse(null)));
    }

    private static Mask mask(AttentionInputs inputs) {
        return PositionMasks.padding(Optional.empty(), inputs.lengths(SEQUENCE));
    }

    /** Each batch entry is one sequence (or pair): batch entries independent, rows not. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(alignment.independence()).and(distribution.independence());
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam(HIDDEN).defaultValue(0).atLeast(0)
                    .doc("width of the keys k_t = tanh(W h_t + b), W [hidden, d]; 0 = the sequence itself is the keys"),
            PositionalSettings.ABSOLUTE.get(0), PositionalSettings.ABSOLUTE.get(1));

    /**
     * Draws {@code u} and then {@code W} Xavier-uniform from the context's random; {@code b} starts
     * at zero.
     *
     * @throws ConfigException when the sequence's width, which sizes u and W, is unknown
     */
    static Variant create(PluginContext context) {
        int d = context.requireWidth(PoolingVariant.SEQUENCE);
        int hidden = context.getInt(HIDDEN);
        int k = hidden > 0 ? hidden : d;
        DType dtype = context.dtype();
        Random random = context.random();
        Tensor u = LinearMaps.xavierUniform(random, dtype, 1, k);
        PoolingVariant.Keys keys = hidden > 0
                ? new PoolingVariant.Keys(LinearMaps.xavierUniform(random, dtype, hidden, d), Tensor.zeros(dtype, 1, hidden))
                : null;
        // Positions draw from their own stream, so adding them leaves u and W as they were.
        PositionalEncoding positions = PositionalSettings.encoding(context,
                () -> PositionalSettings.width(context, SEQUENCE), SEQUENCE);
        return new PoolingVariant(context.alignment(k, k), context.distribution(), u, keys, context.kernel(), positions);
    }
}
