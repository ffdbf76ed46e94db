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
 * The contract for multi-head cross-attention with add-bias-kv and add-zero-attn on the kernel path:
 * 4 query heads sharing 2 key/value heads of width 2, causal, padded on both sides, averaged weights.
 */
class MultiHeadKeyExtrasContractTest extends VariantContract {

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
        return KernelComponents.softmax(1);
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("inputs", "cross", "heads", 4, "kv-heads", 2, "head-dim", 2, "dim", 3, "causal", true,
                "add-bias-kv", true, "add-zero-attn", true, "average-weights", true);
    }

    @Override
    protected List<String> differentiableResults() {
        return List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS, MultiHeadVariant.WEIGHTS_MEAN);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 3}, 71, -1.5, 1.5), 3, 2)
                .put("keys", GradientCheck.random(new int[] {2, 4, 2}, 72, -1.5, 1.5), 4, 3)
                .put("values", GradientCheck.random(new int[] {2, 4, 2}, 73, -1.5, 1.5), 4, 3)
                .build();
    }
}
