package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for one hop, adjacent tying, embeddings narrower than the vocabulary (dim 3). */
class MemoryOneHopContractTest extends VariantContract {

    @Override
    protected String id() {
        return "memory";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hops", 1, "dim", 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return MemoryFixtures.inputs();
    }
}
