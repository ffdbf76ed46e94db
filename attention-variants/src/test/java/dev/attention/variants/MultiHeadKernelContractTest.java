package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Mode;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.List;
import java.util.Map;

/**
 * The contract for multi-head self-attention on the kernel path (components that declare the fused
 * form): 2 heads, padding, causal with a window, ALiBi, sinusoidal positions, dropout in training
 * and averaged weights, whose gradient is checked too.
 */
class MultiHeadKernelContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Alignment alignment() {
        return KernelComponents.scaledDot();
    }

    @Override
    protected Distribution distribution() {
        return KernelComponents.softmax(0.8);
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 2, "dim", 4, "causal", true, "window", 3, "alibi", true, "positional", "sinusoidal",
                "dropout", 0.3, "average-weights", true);
    }

    @Override
    protected List<String> differentiableResults() {
        return List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS, MultiHeadVariant.WEIGHTS_MEAN);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", GradientCheck.random(new int[] {2, 5, 3}, 71, -1, 1), 5, 3)
                .mode(Mode.TRAIN).step(2).build();
    }
}
