package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The variant contract on unpadded inputs with the reference dot/softmax. */
class GlobalContractTest extends VariantContract {

    @Override
    protected String id() {
        return "global";
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys())
                .put("values", ContractInputs.values())
                .build();
    }
}
