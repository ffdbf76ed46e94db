package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for area attention over areas of width 1 and 2; batch element 1 masks areas reaching its padding. */
class AreaContractTest extends VariantContract {

    @Override
    protected String id() {
        return "area";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("max-width", 2);
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
