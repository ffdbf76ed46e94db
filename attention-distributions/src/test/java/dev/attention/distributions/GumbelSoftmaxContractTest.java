package dev.attention.distributions;

import dev.attention.tck.DistributionContract;
import java.util.Map;

/**
 * Soft Gumbel-softmax at τ = 0.7. The noise is frozen by seed and position, which is what lets the
 * finite-difference check and the same-seed check pass. {@code hard: true} has no contract run: its
 * forward pass is piecewise constant while its backward pass is the soft (straight-through) gradient,
 * so finite differences cannot agree by design; GumbelSoftmaxTest covers it.
 */
class GumbelSoftmaxContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "gumbel-softmax";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("temperature", 0.7, "hard", false);
    }
}
