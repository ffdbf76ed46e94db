package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import dev.attention.api.spi.AlignmentProvider;

class DotContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new DotProvider();
    }
}
