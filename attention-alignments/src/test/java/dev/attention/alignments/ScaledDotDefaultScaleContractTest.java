package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import dev.attention.api.spi.AlignmentProvider;

/** The contract with the default scale 1/√d. */
class ScaledDotDefaultScaleContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new ScaledDotProvider();
    }
}
