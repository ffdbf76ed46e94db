package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for DiSAN's feature-wise self-attention with its defaults (ELU, hidden = d) and padding. */
class MultidimensionalContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multidimensional";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of();
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence(), 4, 3).build();
    }
}
