package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.VariantContract;
import java.util.List;
import java.util.Map;

/**
 * The contract for multi-head cross-attention on the kernel path: 3 heads of width 1, learned
 * positions, padding on both sides including a batch row without real keys (its queries get b_o),
 * a non-causal window, averaged weights.
 */
class MultiHeadKernelCrossContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Alignment alignment() {
        return KernelComponents.dot();
    }

    @Override
    protected Distribution distribution() {
        return KernelComponents.softmax(1.3);
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("inputs", "cross", "heads", 3, "dim", 3, "window", 2, "positional", "learned", "max-length", 6,
                "average-weights", true);
    }

    @Override
    protected List<String> differentiableResults() {
        return List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS, MultiHeadVariant.WEIGHTS_MEAN);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {3, 4, 2}, 81, -1, 1), 4, 2, 3)
                .put("keys", GradientCheck.random(new int[] {3, 3, 2}, 82, -1, 1), 3, 0, 2)
                .put("values", GradientCheck.random(new int[] {3, 3, 1}, 83, -1, 1), 3, 0, 2)
                .build();
    }
}
