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
 * The contract for multi-head self-attention with rotary positions on the general path (an alignment
 * that declares nothing): 4 query heads
 * sharing 2 key/value heads of width 4, all of each rotated (rotate-half), an offset,
 * causal and padded.
 */
class MultiHeadRopeGeneralContractTest extends VariantContract {

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
        return Map.of("heads", 4, "kv-heads", 2, "head-dim", 4, "dim", 5, "causal", true, "rope", true,
                "rope-theta", 20.0, "rope-offset", 5);
    }

    @Override
    protected List<String> differentiableResults() {
        return List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", GradientCheck.random(new int[] {2, 4, 3}, 73, -1.5, 1.5), 4, 3)
                .build();
    }
}
