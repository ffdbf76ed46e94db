package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The contract for pooling with the sequence as keys (hidden 0): only variant.u is learned. */
class PoolingContractTest extends VariantContract {

    @Override
    protected String id() {
        return "pooling";
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence()).build();
    }
}
