package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.tck.VariantContract;

/**
 * The contract with learnable components, so the gradient check also covers the qualified
 * parameters {@code alignment.c} and {@code distribution.t} and {@code withParameters} splitting.
 */
class GlobalLearnableContractTest extends VariantContract {

    @Override
    protected String id() {
        return "global";
    }

    @Override
    protected Alignment alignment() {
        return TestComponents.scaledDot(0.7);
    }

    @Override
    protected Distribution distribution() {
        return TestComponents.temperedSoftmax(1.3);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys(), 3, 4)
                .put("values", ContractInputs.values())
                .build();
    }
}
