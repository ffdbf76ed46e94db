package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for local-p: the parameter gradient check covers the learnable variant.W_p and variant.v_p. */
class LocalPContractTest extends VariantContract {

    @Override
    protected String id() {
        return "local-p";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("window", 1, "hidden", 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys(), 4, 3)
                .put("values", ContractInputs.values(), 4, 3)
                .build();
    }
}
