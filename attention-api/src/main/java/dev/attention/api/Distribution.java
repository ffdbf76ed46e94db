package dev.attention.api;

import java.util.OptionalDouble;

/**
 * A distribution function {@code f} turning a row of scores into weights:
 * {@code weights[b, i, ·] = f(scores[b, i, ·])} over the keys {@code j} the {@link Mask} allows.
 *
 * <p>Shapes: {@code scores [batch…, n, m]} → {@code weights [batch…, n, m]}, same {@link DType}.
 * Unless {@link #sumsToOne()} says otherwise, every row with at least one allowed key has weights
 * in [0, 1] summing to 1; masked positions get exactly 0, and a row with no allowed key is all
 * zeros (never NaN).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Distribution extends Learnable {

    /** Forward pass. */
    Tensor weights(Tensor scores, Mask mask);

    /**
     * Backward pass: given the forward {@code scores}, {@code mask}, the {@code weights} the forward
     * pass returned and {@code dL/dweights}, returns {@code dL/dscores} (0 at masked positions) and
     * parameter gradients.
     *
     * @throws UnsupportedOperationException if this distribution cannot be differentiated
     */
    DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient);

    /**
     * False for gates that need not sum to 1 (e.g. independent sigmoids); the contract tests then
     * check {@code 0 ≤ w ≤ 1} only.
     */
    default boolean sumsToOne() {
        return true;
    }

    /**
     * A declaration for the engine's fused kernel: {@code τ} when this distribution's weights are
     * {@code softmax(scores/τ)} over the allowed keys (zeros for a row with none), empty otherwise
     * (the default). The TCK holds the declaration against this distribution's own weights.
     */
    default OptionalDouble softmaxTemperature() {
        return OptionalDouble.empty();
    }

    /**
     * What this distribution's weights do not depend on (default {@link Independence#ALL}: row
     * {@code i}'s weights read row {@code i}'s scores only). One that draws noise from positions
     * declares rows dependent.
     */
    default Independence independence() {
        return Independence.ALL;
    }

    @Override
    default Distribution withParameters(Parameters parameters) {
        Learnable.super.withParameters(parameters);
        return this;
    }
}
