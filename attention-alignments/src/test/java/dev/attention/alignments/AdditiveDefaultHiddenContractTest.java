package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;

/** The contract with the default hidden width 16 and equal widths. */
class AdditiveDefaultHiddenContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "additive";
    }
}
