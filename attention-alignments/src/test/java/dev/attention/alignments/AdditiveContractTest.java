package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import java.util.Map;

/** The contract with d_q ≠ d_k and a small hidden width, so every parameter is checked numerically. */
class AdditiveContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "additive";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("hidden", 4);
    }

    @Override
    protected int queryWidth() {
        return 3;
    }

    @Override
    protected int keyWidth() {
        return 2;
    }
}
