package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * Attention over three operand sources with optional learned {@link Projections}: Q, K and V are
 * the sources themselves or their projections, then {@link Attend} computes
 * {@code output_i = Σ_j f(a(K_j, Q_i)) · V_j}. The part {@code self} and {@code cross} share;
 * they differ in where the sources come from and which mask applies. Immutable.
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

    /** @param projections null for none: Q, K, V are the sources */
    QkvAttention(String variantId, Alignment alignment, Distribution distribution, Projections projections) {
        this.variantId = Objects.requireNonNull(variantId, "variantId");
        this.alignment = Objects.requireNonNull(alignment, "alignment");
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.projections = projections;
    }

    AttentionResult forward(Operands sources, Mask mask) {
        Operands p = project(sources);
        Attend.Forward f = Attend.forward(alignment, distribution, p.queries(), p.keys(), p.values(), mask);
        return AttentionResult.of(f.output(), f.weights());
    }

    /** Backward of {@link #forward}; reuses the result's weights when it has them. */
    Gradients backward(Operands sources, Mask mask, AttentionResult result, Map<String, Tensor> resultGradients) {
        Operands p = project(sources);
        Attend.Forward f = Attend.replay(alignment, distribution, p.queries(), p.keys(), mask, result);
        int[] outputShape = p.queries().shape();
        outputShape[outputShape.length - 1] = p.values().cols();
        ResultGradients given = ResultGradients.read(variantId, resultGradients, outputShape, f.scores().shape());
        Attend.Backward g = Attend.backward(alignment, distribution, p.queries(), p.keys(), p.values(), mask, f,
                given.output(), given.weights());
        Operands dProjected = new Operands(g.queries(), g.keys(), g.values());
        if (projections == null) {
            return new Gradients(dProjected, QualifiedParameters.ownFirst(Parameters.empty(), g.alignment(), g.distribution()));
        }
        return new Gradients(projections.inputGradients(dProjected), QualifiedParameters.ownFirst(
                projections.gradients(sources, dProjected), g.alignment(), g.distribution()));
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
                QualifiedParameters.distribution(distribution, qualified), p);
    }

    @Override
    public String toString() {
        return variantId + "(" + alignment + ", " + distribution
                + (projections == null ? "" : ", dim " + projections.dim()) + ")";
    }

    private Operands project(Operands sources) {
        return projections == null ? sources : projections.project(sources);
    }

    /** What the components' results do not depend on. */
    Independence independence() {
        return alignment.independence().and(distribution.independence());
    }
}
