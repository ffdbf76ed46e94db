package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for two-level pooling of documents with sentences of different lengths (nested lengths survive the kit's with()): u, W, b per level. */
class MultilevelContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multilevel";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hidden", 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return HierarchyFixtures.documents();
    }
}
