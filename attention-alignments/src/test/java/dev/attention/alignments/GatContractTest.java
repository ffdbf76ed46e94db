package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;

/** The contract with d_q ≠ d_k, so both halves of a are checked numerically against finite differences. */
class GatContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "gat";
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
