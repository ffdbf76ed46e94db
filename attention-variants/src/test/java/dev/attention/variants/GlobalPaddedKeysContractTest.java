package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The contract with the second batch element's keys and values padded after two rows. */
class GlobalPaddedKeysContractTest extends VariantContract {

    @Override
    protected String id() {
        return "global";
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys(), 4, 2)
                .put("values", ContractInputs.values(), 4, 2)
                .build();
    }
}
