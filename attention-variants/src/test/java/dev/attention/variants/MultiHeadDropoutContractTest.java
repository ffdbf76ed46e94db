package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Mode;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for multi-head self-attention in training with attention dropout 0.4: the mask is a
 * function of seed and position, so the finite differences see the same mask as the backward pass.
 */
class MultiHeadDropoutContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 2, "dim", 4, "dropout", 0.4, "causal", true);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence()).mode(Mode.TRAIN).build();
    }
}
