package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;

/** The contract with d_q ≠ d_k, which general allows (W is [3, 2]). */
class GeneralContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "general";
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
