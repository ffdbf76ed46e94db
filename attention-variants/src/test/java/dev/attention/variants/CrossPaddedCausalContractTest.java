package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for causal cross-attention with projections from three different widths
 * (d_q 2, d_k 3, d_v 1 → dim 2), padding on both sides (queries {3, 1}, keys and values {4, 2}) and
 * a rectangular 3 × 4 mask.
 */
class CrossPaddedCausalContractTest extends VariantContract {

    @Override
    protected String id() {
        return "cross";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("project", true, "causal", true);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 2}, 31, -1, 1), 3, 1)
                .put("keys", GradientCheck.random(new int[] {2, 4, 3}, 32, -1, 1), 4, 2)
                .put("values", GradientCheck.random(new int[] {2, 4, 1}, 33, -1, 1), 4, 2)
                .build();
    }
}
