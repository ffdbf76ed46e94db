package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for multi-head self-attention with a learnable alignment (one per head:
 * alignment.head0.c, alignment.head1.c), a learnable distribution (one per head too:
 * distribution.head0.t, distribution.head1.t), learned
 * positions, ALiBi and a window, without biases.
 */
class MultiHeadLearnableContractTest extends VariantContract {

    @Override
    protected String id() {
        return "multi-head";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 2, "dim", 4, "bias", false, "positional", "learned", "max-length", 5, "alibi", true,
                "window", 2);
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
        return AttentionInputs.builder().put("sequence", InputFixtures.sequence(), 4, 2).build();
    }
}
