package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for pooling with a learned positions table (one row per grid cell of a flattened
 * image, or per sequence position): variant.positions' gradient by finite differences.
 */
class PoolingLearnedPositionsContractTest extends VariantContract {

    @Override
    protected String id() {
        return "pooling";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("positional", "learned", "max-length", 6);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", GradientCheck.random(new int[] {2, 6, 3}, 62, -1, 1)).build();
    }
}
