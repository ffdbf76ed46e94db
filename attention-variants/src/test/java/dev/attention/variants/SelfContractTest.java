package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The variant contract for plain self-attention (no projections, no masks). */
class SelfContractTest extends VariantContract {

    @Override
    protected String id() {
        return "self";
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence()).build();
    }
}
