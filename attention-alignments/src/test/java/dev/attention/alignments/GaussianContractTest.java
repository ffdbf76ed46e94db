package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import java.util.Map;

/** The contract with σ ≠ 1, so log_sigma's gradient is checked away from ln σ = 0. */
class GaussianContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "gaussian";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("sigma", 0.7);
    }
}
