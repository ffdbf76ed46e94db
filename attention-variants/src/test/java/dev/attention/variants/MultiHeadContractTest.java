package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for multi-head self-attention: 2 heads of width 2 over a width-2 sequence, with biases. */
class MultiHeadContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 2, "dim", 4);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence()).build();
    }
}
