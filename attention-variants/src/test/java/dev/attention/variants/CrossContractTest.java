package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The variant contract for plain cross-attention (no projections, no masks). */
class CrossContractTest extends VariantContract {

    @Override
    protected String id() {
        return "cross";
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
