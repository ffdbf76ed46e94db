package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for two padded representations of widths 2 and 4 projected to dim 3: P_glove, P_elmo, u. */
class MultiRepresentationalContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-representational";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("representations", "glove,elmo", "dim", 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return HierarchyFixtures.representations();
    }
}
