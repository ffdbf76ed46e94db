package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import dev.attention.api.spi.AlignmentProvider;

/** The contract with the default hidden width 16 and equal widths. */
class AdditiveDefaultHiddenContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new AdditiveProvider();
    }
}
