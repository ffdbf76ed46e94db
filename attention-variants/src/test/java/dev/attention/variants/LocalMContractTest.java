package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for local-m with a window narrower than the keys, so the band really masks. */
class LocalMContractTest extends VariantContract {

    @Override
    protected String id() {
        return "local-m";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("window", 1);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys(), 4, 2)
                .put("values", ContractInputs.values(), 4, 2)
                .build();
    }
}
