package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for a causal sliding window of 2 with projections, where the second batch element
 * is empty (length 0): every row of it is constantly zero, and its gradient must be zero too.
 */
class SelfWindowContractTest extends VariantContract {

    @Override
    protected String id() {
        return "self";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("project", true, "causal", true, "window", 2);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence(), 4, 0).build();
    }
}
