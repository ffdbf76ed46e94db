package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for parallel co-attention of padded a and b: W_c, W_a, W_b, w_a, w_b. */
class CoAttentionParallelContractTest extends VariantContract {

    @Override
    protected String id() {
        return "co-attention";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hidden", 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return HierarchyFixtures.coAttention();
    }
}
