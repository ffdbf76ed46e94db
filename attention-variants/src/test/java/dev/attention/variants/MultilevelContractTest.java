package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import dev.attention.api.spi.VariantProvider;
import java.util.Map;

/** The contract for two-level pooling of documents with sentences of different lengths (nested lengths survive the kit's with()): u, W, b per level. */
class MultilevelContractTest extends VariantContract {

    @Override
    protected VariantProvider provider() {
        return new MultilevelProvider();
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
