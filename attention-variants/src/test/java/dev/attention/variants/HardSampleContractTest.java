package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for hard attention sampling 2 keys per query, with padded keys in batch element 1. */
class HardSampleContractTest extends VariantContract {

    @Override
    protected String id() {
        return "hard";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("k", 2, "mode", "sample");
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
