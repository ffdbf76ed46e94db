package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import java.util.Map;

/** Runs the contract with an explicit scale; the default 1/√d is covered by {@link ScaledDotTest}. */
class ScaledDotContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "scaled-dot";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("scale", 0.75);
    }
}
