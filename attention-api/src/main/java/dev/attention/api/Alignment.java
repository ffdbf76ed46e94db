package dev.attention.api;

import java.util.OptionalDouble;

/**
 * An alignment function {@code a(K_j, Q_i)}: how well query {@code i} matches key {@code j}.
 *
 * <p>Shapes: {@code queries [batch…, n, d_q]}, {@code keys [batch…, m, d_k]} (same batch
 * dimensions) give {@code scores [batch…, n, m]} with {@code scores[b, i, j] = a(keys[b, j],
 * queries[b, i])}. Whether {@code d_q} must equal {@code d_k} is the alignment's choice; a mismatch
 * it cannot handle is a {@link ShapeException}. The result has the queries' {@link DType}.
 *
 * <p>Implementations are immutable and thread-safe; {@link #backward} recomputes what it needs
 * from the forward inputs rather than caching state.
 */
public interface Alignment extends Learnable {

    /** Forward pass: {@code [batch…, n, m]} scores. */
    Tensor scores(Tensor queries, Tensor keys);

    /**
     * Backward pass. Given {@code dL/dscores} ({@code [batch…, n, m]}) returns {@code dL/dqueries},
     * {@code dL/dkeys} and the gradient of every learnable parameter (locally named).
     *
     * @throws UnsupportedOperationException if this alignment cannot be differentiated
     */
    AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient);

    /**
     * A declaration for the engine's fused kernel: {@code s} when this alignment's scores are
     * {@code s·q_i·k_j} for operands of width {@code width} (dot product: 1; scaled dot product:
     * {@code 1/√d}), empty otherwise (the default). A variant that sees it may hand the whole
     * attention to {@link dev.attention.api.kernel.AttentionKernel} instead of calling
     * {@link #scores}; the TCK holds the declaration against this alignment's own scores.
     */
    default OptionalDouble dotProductScale(int width) {
        return OptionalDouble.empty();
    }

    /**
     * What this alignment's scores do not depend on (default {@link Independence#ALL}: score
     * {@code (b, i, j)} reads query {@code i} and key {@code j} of entry {@code b} only). An
     * alignment that uses the query's position declares rows dependent.
     */
    default Independence independence() {
        return Independence.ALL;
    }

    @Override
    default Alignment withParameters(Parameters parameters) {
        Learnable.super.withParameters(parameters);
        return this;
    }
}
