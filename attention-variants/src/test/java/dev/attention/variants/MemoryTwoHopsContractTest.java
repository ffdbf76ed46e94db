package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for two hops with adjacent tying and padding: stories of 4 and 2 sentences, 2 and 1 questions. */
class MemoryTwoHopsContractTest extends VariantContract {

    @Override
    protected String id() {
        return "memory";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hops", 2);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put(MemoryVariant.MEMORY, MemoryFixtures.memory(), 4, 2)
                .put(MemoryVariant.QUERY, MemoryFixtures.query(MemoryFixtures.V), 2, 1).build();
    }
}
