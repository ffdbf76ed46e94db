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
 * The contract for multi-head self-attention with the options of current decoders on the general
 * (per-head) path, its alignment not declaring the fused form: 3 query heads sharing 1 key/value head (multi-query), head-dim 3 apart from dim 5, soft-capped scores,
 * biases on k and o only, causal and padded.
 */
class MultiHeadModernGeneralContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Alignment alignment() {
        return KernelComponents.undeclared(KernelComponents.scaledDot());
    }

    @Override
    protected Distribution distribution() {
        return KernelComponents.softmax(1);
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 3, "kv-heads", 1, "head-dim", 3, "dim", 5, "softcap", 0.8, "bias-q", false, "bias-v", false,
                "causal", true);
    }

    @Override
    protected List<String> differentiableResults() {
        return List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", GradientCheck.random(new int[] {2, 4, 3}, 72, -1.5, 1.5), 4, 3)
                .build();
    }
}
