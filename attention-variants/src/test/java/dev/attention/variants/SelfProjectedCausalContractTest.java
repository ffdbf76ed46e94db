package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for causal self-attention with learned projections to a different width (dim 3,
 * d 2) and learnable components: the gradient check covers variant.W_q/W_k/W_v, alignment.c and
 * distribution.t, and the sequence's gradient summed over its three paths.
 */
class SelfProjectedCausalContractTest extends VariantContract {

    @Override
    protected String id() {
        return "self";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("project", true, "dim", 3, "causal", true);
    }

    @Override
    protected Alignment alignment() {
        return TestComponents.scaledDot(0.8);
    }

    @Override
    protected Distribution distribution() {
        return TestComponents.temperedSoftmax(1.2);
    }

    @Override
    protected AttentionInputs inputs() {
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence()).build();
    }
}
