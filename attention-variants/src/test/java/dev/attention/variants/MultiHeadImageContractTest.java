package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.spi.PluginContext;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for multi-head self-attention over a 2 × 2 image grid with 2-D sinusoidal positions. */
class MultiHeadImageContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 2, "dim", 4, "positional", "sinusoidal-2d");
    }

    @Override
    protected PluginContext.Builder context(DType dtype, long seed) {
        return super.context(dtype, seed).grid("sequence", 2, 2);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", GradientCheck.random(new int[] {2, 4, 4}, 63, -1, 1)).build();
    }
}
