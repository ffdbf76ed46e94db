package dev.attention.distributions;

import dev.attention.tck.DistributionContract;
import java.util.Map;

/** The contract with a non-default temperature, so τ takes part in the gradient check. */
class SoftmaxContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "softmax";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("temperature", 0.7);
    }
}
