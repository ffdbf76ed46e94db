package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/**
 * The contract with padded queries ({@code {3, 1}}) and a batch element with no real key at all
 * ({@code keys {4, 0}}): the gradient check then also covers rows whose output is constantly zero.
 */
class GlobalPaddedQueriesContractTest extends VariantContract {

    @Override
    protected String id() {
        return "global";
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries(), 3, 1)
                .put("keys", ContractInputs.keys(), 4, 0)
                .put("values", ContractInputs.values())
                .build();
    }
}
