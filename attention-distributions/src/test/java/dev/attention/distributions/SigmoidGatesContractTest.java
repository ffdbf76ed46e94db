package dev.attention.distributions;

import dev.attention.tck.DistributionContract;
import java.util.Map;

/** Independent sigmoid gates: sumsToOne() is false, so the contract checks 0 ≤ w ≤ 1 but not the row sum. */
class SigmoidGatesContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "sigmoid";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("normalize", false);
    }
}
