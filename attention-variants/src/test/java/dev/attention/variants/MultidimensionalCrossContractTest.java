package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for feature-wise cross-attention with tanh, hidden 3, a causal mask, padding, three
 * different widths and a learnable distribution whose gradient sums over the features.
 */
class MultidimensionalCrossContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multidimensional";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("inputs", "cross", "activation", "tanh", "hidden", 3, "causal", true);
    }

    @Override
    protected Distribution distribution() {
        return TestComponents.temperedSoftmax(1.3);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 2}, 71, -1, 1), 3, 2)
                .put("keys", GradientCheck.random(new int[] {2, 4, 3}, 72, -1, 1), 4, 3)
                .put("values", GradientCheck.random(new int[] {2, 4, 2}, 73, -1, 1), 4, 3)
                .build();
    }
}
