package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for MoChA's expected chunk weights ({@code mode: soft}) with chunks of 2: gradients
 * through β, the softmax over each window and the recurrence; padded queries in batch element 1.
 */
class MochaSoftContractTest extends VariantContract {

    @Override
    protected String id() {
        return "mocha";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("offset", 0.1, "chunk", 2, "mode", "soft");
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries(), 3, 2)
                .put("keys", ContractInputs.keys(), 4, 3)
                .put("values", ContractInputs.values(), 4, 3)
                .build();
    }
}
