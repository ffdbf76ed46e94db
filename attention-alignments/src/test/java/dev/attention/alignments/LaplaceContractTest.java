package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import java.util.Map;

/**
 * The contract with b ≠ 1. The norm's kink at q = k is not hit: random queries and keys in
 * [−1, 1] never coincide, so the default input range is kept.
 */
class LaplaceContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "laplace";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("b", 1.5);
    }
}
