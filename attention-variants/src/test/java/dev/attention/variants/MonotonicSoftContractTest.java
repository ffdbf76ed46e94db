package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for monotonic attention's expected alignment ({@code mode: soft}, so the kit's
 * evaluation passes take it): gradients by finite differences through the recurrence; batch
 * element 1 has two real keys.
 */
class MonotonicSoftContractTest extends VariantContract {

    @Override
    protected String id() {
        return "monotonic";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("offset", 0.1, "mode", "soft");
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
