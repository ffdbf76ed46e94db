package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;

class DotContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "dot";
    }
}
