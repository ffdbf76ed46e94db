package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;

/**
 * {@code a(k, q) = s · qᵀk} with a fixed factor {@code s}, or {@code s = 1/√d} (d the feature
 * width of the call) when built with scale 0. Serves both {@code dot} (s = 1) and
 * {@code scaled-dot}; the id only names the plugin in error messages. Immutable.
 */
final class DotProductAlignment implements Alignment {
    private final String id;
    private final double scale;

    /**
     * @param id    the plugin id for messages
     * @param scale the factor s &gt; 0, or 0 for 1/√d
     */
    DotProductAlignment(String id, double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(id + ": scale must be finite and ≥ 0, got " + scale);
        }
        this.id = id;
        this.scale = scale;
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Operands o = Operands.of(id, queries, keys);
        return o.scores(Products.scale(Products.queryKeyDots(o), factor(o.d)));
    }

    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        Operands o = Operands.of(id, queries, keys);
        // S = s·QKᵀ, so dL/d(QKᵀ) = s·G.
        double[] g = Products.scale(o.scoreGradient(id, scoreGradient), factor(o.d));
        double[] dq = new double[o.queries.length];
        double[] dk = new double[o.keys.length];
        Products.backThroughDots(o, g, dq, dk);
        return o.gradients(dq, dk);
    }

    /**
     * Declared for the fused kernel: these scores are {@code s·qᵀk} with the configured {@code s},
     * or {@code 1/√width} when built with 0 (1 for width 0), exactly the factor {@link #scores} uses.
     */
    @Override
    public OptionalDouble dotProductScale(int width) {
        return OptionalDouble.of(factor(width));
    }

    private double factor(int d) {
        if (scale > 0) {
            return scale;
        }
        // Width 0 makes every dot product 0; any finite factor keeps it 0 instead of 0·∞ = NaN.
        return d == 0 ? 1 : 1 / Math.sqrt(d);
    }

    @Override
    public String toString() {
        return id + (scale > 0 ? "(scale=" + scale + ")" : "(scale=1/√d)");
    }
}
