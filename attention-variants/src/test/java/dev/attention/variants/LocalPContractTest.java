package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import dev.attention.api.spi.VariantProvider;
import java.util.Map;

/** The contract for local-p: the parameter gradient check covers the learnable variant.W_p and variant.v_p. */
class LocalPContractTest extends VariantContract {

    @Override
    protected VariantProvider provider() {
        return new LocalPProvider();
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("window", 1, "hidden", 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys(), 4, 3)
                .put("values", ContractInputs.values(), 4, 3)
                .build();
    }
}
