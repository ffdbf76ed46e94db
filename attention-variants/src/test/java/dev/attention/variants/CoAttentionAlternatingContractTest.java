package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for alternating co-attention of padded a and b: the three steps' W_x, W_g, w. */
class CoAttentionAlternatingContractTest extends VariantContract {

    @Override
    protected String id() {
        return "co-attention";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("mode", "alternating", "hidden", 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return HierarchyFixtures.coAttention();
    }
}
