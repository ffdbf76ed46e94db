package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The variant contract for the memory network with its defaults: 3 hops, adjacent tying, dim = V. */
class MemoryContractTest extends VariantContract {

    @Override
    protected String id() {
        return "memory";
    }

    @Override
    protected AttentionInputs inputs() {
        return MemoryFixtures.inputs();
    }
}
