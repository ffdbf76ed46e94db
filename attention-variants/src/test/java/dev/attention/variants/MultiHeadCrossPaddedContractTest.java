package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for causal multi-head cross-attention from three widths (2, 3, 1) into dim 4 with 2
 * heads, padding on both sides and averaged weights as an extra result.
 */
class MultiHeadCrossPaddedContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("inputs", "cross", "heads", 2, "dim", 4, "causal", true, "average-weights", true);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 2}, 61, -1, 1), 3, 1)
                .put("keys", GradientCheck.random(new int[] {2, 4, 3}, 62, -1, 1), 4, 2)
                .put("values", GradientCheck.random(new int[] {2, 4, 1}, 63, -1, 1), 4, 2)
                .build();
    }
}
