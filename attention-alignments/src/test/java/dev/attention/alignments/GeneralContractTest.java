package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import dev.attention.api.spi.AlignmentProvider;

/** The contract with d_q ≠ d_k, which general allows (W is [3, 2]). */
class GeneralContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new GeneralProvider();
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
