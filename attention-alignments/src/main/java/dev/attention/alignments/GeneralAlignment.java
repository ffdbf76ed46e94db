package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * {@code a(k, q) = qᵀ W k} with a learnable {@code W [d_q, d_k]}. Computed as {@code Q (K Wᵀ)ᵀ}:
 * each key is mapped once into query space, not once per pair. Immutable.
 */
final class GeneralAlignment implements Alignment {
    static final String ID = "general";
    static final String W = "W";
    private final Weights weights;
    private final int dq;
    private final int dk;

    /** @param weights holding {@code W [d_q, d_k]} */
    GeneralAlignment(Weights weights) {
        this.weights = weights;
        Tensor w = weights.parameters().get(W);
        this.dq = w.rows();
        this.dk = w.cols();
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Operands o = Operands.sized(ID, queries, keys, dq, dk);
        double[] mappedKeys = Linear.forward(o.keys, o.batch * o.m, weights.values(W), dq, dk);
        return o.scores(Products.dots(o.queries, mappedKeys, o.batch, o.n, o.m, dq));
    }

    /**
     * With {@code K' = K Wᵀ} and {@code S = Q K'ᵀ}: {@code dQ = G K'}, {@code dK' = Gᵀ Q}, then
     * through the linear map {@code dK = dK' W} and {@code dW = Σ dK'ᵀ K} over every batch element.
     */
    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        Operands o = Operands.sized(ID, queries, keys, dq, dk);
        double[] g = o.scoreGradient(ID, scoreGradient);
        double[] w = weights.values(W);
        double[] mappedKeys = Linear.forward(o.keys, o.batch * o.m, w, dq, dk);
        double[] dQueries = new double[o.queries.length];
        double[] dMappedKeys = new double[mappedKeys.length];
        Products.backThroughDots(o.queries, mappedKeys, o.batch, o.n, o.m, dq, g, dQueries, dMappedKeys);
        double[] dKeys = new double[o.keys.length];
        double[] dW = new double[w.length];
        Linear.backward(o.keys, o.batch * o.m, w, dq, dk, dMappedKeys, dKeys, dW);
        return o.gradients(dQueries, dKeys, weights.gradients(Map.of(W, dW)));
    }

    @Override
    public Parameters parameters() {
        return weights.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        return new GeneralAlignment(weights.with(parameters));
    }

    @Override
    public String toString() {
        return ID + "(" + weights + ")";
    }
}
