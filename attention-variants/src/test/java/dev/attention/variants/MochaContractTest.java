package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for MoChA with chunks of 2; padded queries in batch element 1. */
class MochaContractTest extends VariantContract {

    @Override
    protected String id() {
        return "mocha";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("offset", 0.1, "chunk", 2);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries(), 3, 2)
                .put("keys", ContractInputs.keys())
                .put("values", ContractInputs.values())
                .build();
    }
}
