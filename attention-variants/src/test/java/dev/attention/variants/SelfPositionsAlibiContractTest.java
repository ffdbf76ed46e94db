package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for causal, projected self-attention with learned positions and ALiBi around a
 * learnable alignment: the gradient check covers variant.positions next to W_q/W_k/W_v,
 * alignment.c (through the ALiBi decorator) and distribution.t.
 */
class SelfPositionsAlibiContractTest extends VariantContract {

    @Override
    protected String id() {
        return "self";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("project", true, "causal", true, "positional", "learned", "max-length", 6, "alibi", true);
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
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence(), 4, 3).build();
    }
}
