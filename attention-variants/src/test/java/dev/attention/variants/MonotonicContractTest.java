package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for hard monotonic attention; batch element 1 has two real keys. */
class MonotonicContractTest extends VariantContract {

    @Override
    protected String id() {
        return "monotonic";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("offset", 0.1);
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
