package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import java.util.Map;

/** The contract with a learnable scale, so its gradient is checked against finite differences. */
class CosineLearnScaleContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "cosine";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("learn-scale", true, "scale", 2.5);
    }
}
