package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import dev.attention.api.spi.VariantProvider;

/** The variant contract for plain self-attention (no projections, no masks). */
class SelfContractTest extends VariantContract {

    @Override
    protected VariantProvider provider() {
        return new SelfProvider();
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence()).build();
    }
}
