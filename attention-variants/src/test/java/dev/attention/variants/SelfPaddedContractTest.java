package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The contract with the second sequence padded after two of its four rows. */
class SelfPaddedContractTest extends VariantContract {

    @Override
    protected String id() {
        return "self";
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence(), 4, 2).build();
    }
}
