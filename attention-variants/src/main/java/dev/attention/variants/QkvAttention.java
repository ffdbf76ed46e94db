package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Attention over three operand sources with optional learned {@link Projections}: Q, K and V are
 * the sources themselves or their projections, then {@code output_i = Σ_j f(a(K_j, Q_i)) · V_j}:
 * through the {@link AttentionKernel} when the components declare the dot-product form and a
 * softmax ({@link KernelPath}), else through {@link Attend}. Projections are kernel matrix
 * products either way. The part {@code self} and {@code cross} share; they differ in where the
 * sources come from and which mask applies. Immutable.
 */
final class QkvAttention {

    /** Queries, keys and values, or their gradients. */
    record Operands(Tensor queries, Tensor keys, Tensor values) {
    }

    /** Gradients of the unprojected sources and of every qualified parameter. */
    record Gradients(Operands inputs, Parameters parameters) {
    }

    private final String variantId;
    private final Alignment alignment;
    private final Distribution distribution;
    private final Projections projections;
    private final AttentionKernel kernel;

    /** @param projections null for none: Q, K, V are the sources */
    QkvAttention(String variantId, Alignment alignment, Distribution distribution, Projections projections) {
        this(variantId, alignment, distribution, projections, AttentionKernel.reference());
    }

    /** @param projections null for none: Q, K, V are the sources */
    QkvAttention(String variantId, Alignment alignment, Distribution distribution, Projections projections,
            AttentionKernel kernel) {
        this.variantId = Objects.requireNonNull(variantId, "variantId");
        this.alignment = Objects.requireNonNull(alignment, "alignment");
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.projections = projections;
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    /**
     * @param mask    the variant's mask, for the general path
     * @param masks   the same mask in kernel terms
     * @param data    the inputs' key mask and score bias, on both paths
     * @param weights whether the caller wants the weights (the kernel path then leaves them out)
     */
    AttentionResult forward(Operands sources, Mask mask, KernelPath.Masks masks, DataMasks data, boolean weights) {
        Operands p = project(sources);
        Optional<KernelSpec> spec = spec(p, masks).map(data::applyTo);
        if (spec.isPresent()) {
            return KernelPath.forward(kernel, p.queries(), p.keys(), p.values(), spec.get(), weights);
        }
        Attend.Forward f = Attend.forward(BiasedAlignment.of(alignment, data, 0), distribution, p.queries(), p.keys(),
                p.values(), mask.and(data.mask(0)));
        return AttentionResult.of(f.output(), f.weights());
    }

    /** Backward of {@link #forward}; reuses the result's weights or saved kernel state when it has them. */
    Gradients backward(Operands sources, Mask variantMask, KernelPath.Masks masks, DataMasks data, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Operands p = project(sources);
        Mask mask = variantMask.and(data.mask(0));
        int[] outputShape = p.queries().shape();
        outputShape[outputShape.length - 1] = p.values().cols();
        Optional<KernelSpec> spec = spec(p, masks).map(data::applyTo);
        Attend.Backward g;
        if (spec.isPresent()) {
            int[] weightsShape = p.queries().shape();
            weightsShape[weightsShape.length - 1] = p.keys().rows();
            ResultGradients given = ResultGradients.read(variantId, resultGradients, outputShape, weightsShape);
            g = KernelPath.backward(kernel, alignment, distribution, p.queries(), p.keys(), p.values(), spec.get(),
                    result, given.output(), given.weights());
        } else {
            Attend.Forward f = Attend.replay(BiasedAlignment.of(alignment, data, 0), distribution, p.queries(),
                    p.keys(), mask, result);
            ResultGradients given = ResultGradients.read(variantId, resultGradients, outputShape, f.scores().shape());
            g = Attend.backward(alignment, distribution, p.queries(), p.keys(), p.values(), mask, f,
                    given.output(), given.weights());
        }
        Operands dProjected = new Operands(g.queries(), g.keys(), g.values());
        if (projections == null) {
            return new Gradients(dProjected, QualifiedParameters.ownFirst(Parameters.empty(), g.alignment(), g.distribution()));
        }
        return new Gradients(projections.inputGradients(kernel, dProjected), QualifiedParameters.ownFirst(
                projections.gradients(kernel, sources, dProjected), g.alignment(), g.distribution()));
    }

    /** {@code variant.W_q, variant.W_k, variant.W_v} (with projections), then the components'. */
    Parameters parameters() {
        return QualifiedParameters.ownFirst(projections == null ? Parameters.empty() : projections.parameters(),
                alignment.parameters(), distribution.parameters());
    }

    /** A copy with any subset of {@link #parameters()}; an unknown name is a ShapeException. */
    QkvAttention withParameters(Parameters qualified) {
        QualifiedParameters.requireKnown(variantId + " attention", parameters(), qualified);
        Projections p = projections == null ? null
                : projections.withParameters(qualified.withoutPrefix(QualifiedParameters.VARIANT));
        return new QkvAttention(variantId, QualifiedParameters.alignment(alignment, qualified),
                QualifiedParameters.distribution(distribution, qualified), p, kernel);
    }

    @Override
    public String toString() {
        return variantId + "(" + alignment + ", " + distribution
                + (projections == null ? "" : ", dim " + projections.dim()) + ")";
    }

    private Optional<KernelSpec> spec(Operands projected, KernelPath.Masks masks) {
        return KernelPath.spec(alignment, distribution, projected.queries().cols(), projected.keys().cols(), masks);
    }

    private Operands project(Operands sources) {
        return projections == null ? sources : projections.project(kernel, sources);
    }

    /** What the components' results do not depend on. */
    /** Whether the components declare the kernel's form, so the kernel tiles the scores. */
    boolean tilesScores() {
        return KernelPath.declared(alignment, distribution);
    }

    Independence independence() {
        return alignment.independence().and(distribution.independence());
    }
}
