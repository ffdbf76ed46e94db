package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The contract for active memory with its defaults: kernel 3, as many steps as positions (4). */
class ActiveMemoryContractTest extends VariantContract {

    @Override
    protected String id() {
        return "active-memory";
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence()).build();
    }
}
