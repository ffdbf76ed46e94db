package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Global (soft) attention: every query attends to every real key,
 * <pre>
 *   w_i      = f(a(K, Q_i))          weights  [batch…, n, m]
 *   output_i = Σ_j w_ij · V_j        output   [batch…, n, d_v]
 * </pre>
 * with {@code queries [batch…, n, d_q]}, {@code keys [batch…, m, d_k]} and
 * {@code values [batch…, m, d_v]}; the batch dimensions must be equal and keys and values must have
 * the same number of rows. Whether {@code d_q} must equal {@code d_k} is the alignment's rule.
 *
 * <p>Padding: keys {@code j ≥ lengths("keys")[b]} and query rows {@code i ≥ lengths("queries")[b]}
 * are masked. Each weight row sums to 1 (when the distribution {@link Distribution#sumsToOne()
 * normalises}) except rows with no allowed key, which are all zero and give a zero output. Masked
 * positions of keys and values are never read by this class, so padding may hold anything.
 *
 * <p>With a dot-product alignment and softmax (declared) and no caller mask, the attention is one
 * fused {@link AttentionKernel} call ({@link KernelPath}; the weights only when
 * {@code weightsWanted}); other components, and a caller mask (an arbitrary predicate the kernel
 * cannot take), take the general path.
 *
 * <p>The inputs' {@link AttentionInputs#keyMask() key mask} and {@link AttentionInputs#scoreBias()
 * score bias} ({@code [n, m]} or {@code [batch…, n, m]}) are honoured on both paths: the kernel
 * takes them as they are; the general path adds the bias to the alignment's scores and masks the
 * hidden keys and the {@code −∞} entries.
 *
 * <p>The output has the queries' dtype; values are converted to it. Immutable and thread-safe.
 */
final class GlobalVariant implements Variant {

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(QkvBinding.QUERIES, "[batch…, n, d_q] one row per query"),
            InputSpec.required(QkvBinding.KEYS, "[batch…, m, d_k] one row per key; lengths mark padding"),
            InputSpec.required(QkvBinding.VALUES, "[batch…, m, d_v] one row per key; same lengths as keys"));

    private final Components components;
    private final AttentionKernel kernel;

    GlobalVariant(Alignment alignment, Distribution distribution) {
        this(alignment, distribution, AttentionKernel.reference());
    }

    GlobalVariant(Alignment alignment, Distribution distribution, AttentionKernel kernel) {
        this(new Components(alignment, distribution), kernel);
    }

    private GlobalVariant(Components components, AttentionKernel kernel) {
        this.components = components;
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        QkvBinding in = QkvBinding.of(inputs);
        DataMasks data = in.dataMasks(inputs, 1);
        Optional<KernelSpec> spec = kernelSpec(in, inputs, data);
        if (spec.isPresent()) {
            return KernelPath.forward(kernel, in.queries, in.keys, in.values, spec.get(), inputs.weightsWanted());
        }
        Attend.Forward f = Attend.forward(BiasedAlignment.of(components.alignment(), data, 0),
                components.distribution(), in.queries, in.keys, in.values, mask(in, inputs, data));
        return AttentionResult.of(f.output(), f.weights());
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        QkvBinding in = QkvBinding.of(inputs);
        // Names first, before any scoring; shapes once the weights' shape is known.
        ResultGradients.requireOutputAndWeights("global", resultGradients);
        DataMasks data = in.dataMasks(inputs, 1);
        Optional<KernelSpec> spec = kernelSpec(in, inputs, data);
        if (spec.isPresent()) {
            ResultGradients given = ResultGradients.read("global", resultGradients, in.perQuery(in.values.cols()),
                    in.perQuery(in.keys.rows()));
            return QkvBinding.gradients(KernelPath.backward(kernel, components.alignment(), components.distribution(),
                    in.queries, in.keys, in.rawValues, spec.get(), result, given.output(), given.weights()));
        }
        Mask mask = mask(in, inputs, data);
        Attend.Forward f = Attend.replay(BiasedAlignment.of(components.alignment(), data, 0), components.distribution(),
                in.queries, in.keys, mask, result);
        ResultGradients given = ResultGradients.read("global", resultGradients, in.perQuery(in.values.cols()),
                f.scores().shape());
        return components.backward(in, mask, f, given);
    }

    /**
     * The kernel's spec when the components declare themselves and the caller gave no mask of its
     * own: padding is lengths, the key mask and the score bias are the kernel's own, but a caller's
     * mask is any predicate, which only the general path takes.
     */
    private Optional<KernelSpec> kernelSpec(QkvBinding in, AttentionInputs inputs, DataMasks data) {
        return inputs.mask().allowsAll() ? KernelPath.spec(components.alignment(), components.distribution(),
                in.queries.cols(), in.keys.cols(), in.kernelPadding()).map(data::applyTo) : Optional.empty();
    }

    /**
     * Padding, the caller's (query, key) mask (e.g. leave-one-out's excluded diagonal), the key mask
     * and the positions a {@code −∞} bias hides.
     */
    private static Mask mask(QkvBinding in, AttentionInputs inputs, DataMasks data) {
        return in.padding.and(inputs.mask()).and(data.mask(0));
    }

    /** The inputs' key mask and score bias, on both paths. */
    @Override
    public boolean honoursMasks() {
        return true;
    }

    /** The alignment's as {@code alignment.<name>}, the distribution's as {@code distribution.<name>}. */
    @Override
    public Parameters parameters() {
        return components.parameters();
    }

    /**
     * A copy whose components take the given qualified parameters; a component none of whose names
     * appear is kept as it is.
     *
     * @throws ShapeException for a name that is not one of {@link #parameters()}, listing those
     */
    @Override
    public Variant withParameters(Parameters parameters) {
        Components c = components.withParameters(parameters, "global attention");
        return c == components ? this : new GlobalVariant(c, kernel);
    }

    @Override
    public String toString() {
        return "GlobalVariant(" + components + ")";
    }

    /** Each query attends to the same keys: rows and batch entries independent, as far as the components are. */
    /** With declared components, the kernel tiles the scores (see {@link #kernelSpec}). */
    @Override
    public boolean tilesScores() {
        return KernelPath.declared(components.alignment(), components.distribution());
    }

    @Override
    public Independence independence() {
        return Independence.ALL.and(components.alignment().independence().and(components.distribution().independence()));
    }
}
