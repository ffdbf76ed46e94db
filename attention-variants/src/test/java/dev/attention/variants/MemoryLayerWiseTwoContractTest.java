package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for layer-wise tying (shared A, C; B and H) with 2 hops and questions of width 3 (B [4, 3]). */
class MemoryLayerWiseTwoContractTest extends VariantContract {

    @Override
    protected String id() {
        return "memory";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hops", 2, "tying", "layer-wise", "dim", 4);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put(MemoryVariant.MEMORY, MemoryFixtures.memory())
                .put(MemoryVariant.QUERY, MemoryFixtures.query(3)).build();
    }
}
