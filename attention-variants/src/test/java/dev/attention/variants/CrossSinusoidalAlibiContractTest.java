package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for causal cross-attention with sinusoidal positions on queries and keys of
 * different widths (2 and 3, projected to 2), ALiBi and padding on both sides.
 */
class CrossSinusoidalAlibiContractTest extends VariantContract {

    @Override
    protected String id() {
        return "cross";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("project", true, "causal", true, "positional", "sinusoidal", "alibi", true);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 2}, 41, -1, 1), 3, 2)
                .put("keys", GradientCheck.random(new int[] {2, 4, 3}, 42, -1, 1), 4, 3)
                .put("values", GradientCheck.random(new int[] {2, 4, 1}, 43, -1, 1), 4, 3)
                .build();
    }
}
