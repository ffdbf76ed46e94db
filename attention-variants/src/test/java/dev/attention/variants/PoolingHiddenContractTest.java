package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for pooling with tanh keys of width 4 and a padded second sequence: the gradient
 * check covers variant.u, variant.W, variant.b and the sequence's two paths (keys and values).
 */
class PoolingHiddenContractTest extends VariantContract {

    @Override
    protected String id() {
        return "pooling";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hidden", 4);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence(), 4, 3).build();
    }
}
