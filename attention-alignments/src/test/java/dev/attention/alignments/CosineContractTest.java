package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import dev.attention.api.spi.AlignmentProvider;

class CosineContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new CosineProvider();
    }
}
