package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;

/** The contract with the default scale 1/√d. */
class ScaledDotDefaultScaleContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "scaled-dot";
    }
}
