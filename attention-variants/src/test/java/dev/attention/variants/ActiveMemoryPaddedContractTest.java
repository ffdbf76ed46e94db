package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract with padding (lengths 4 and 2) and two fixed steps of a width-1 kernel. */
class ActiveMemoryPaddedContractTest extends VariantContract {

    @Override
    protected String id() {
        return "active-memory";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("steps", 2, "kernel", 1);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence(), new int[] {4, 2}).build();
    }
}
