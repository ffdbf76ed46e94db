package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for top-2 hard attention; batch element 1 has a single real key, so k exceeds it there. */
class HardTopKContractTest extends VariantContract {

    @Override
    protected String id() {
        return "hard";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("k", 2);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys(), 4, 1)
                .put("values", ContractInputs.values(), 4, 1)
                .build();
    }
}
