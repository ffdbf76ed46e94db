package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.spi.PluginContext;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract (gradients by finite differences included) for pooling over an image read with
 * {@code layout: image}: a 2 × 3 grid of 4-wide cells flattened to 6 positions, 2-D sinusoidal
 * positions added, tanh keys of width 3.
 */
class PoolingImageContractTest extends VariantContract {

    @Override
    protected String id() {
        return "pooling";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hidden", 3, "positional", "sinusoidal-2d");
    }

    @Override
    protected PluginContext.Builder context(DType dtype, long seed) {
        return super.context(dtype, seed).grid("sequence", 2, 3);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", GradientCheck.random(new int[] {2, 6, 4}, 61, -1, 1)).build();
    }
}
