package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for cross-attention with one learned positions table added to queries and keys
 * (both width 2): variant.positions collects the gradients of both paths.
 */
class CrossLearnedPositionsContractTest extends VariantContract {

    @Override
    protected String id() {
        return "cross";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("positional", "learned", "max-length", 5);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 2}, 51, -1, 1))
                .put("keys", GradientCheck.random(new int[] {2, 4, 2}, 52, -1, 1))
                .put("values", GradientCheck.random(new int[] {2, 4, 3}, 53, -1, 1))
                .build();
    }
}
