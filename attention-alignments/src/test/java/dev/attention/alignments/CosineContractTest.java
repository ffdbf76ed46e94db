package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;

class CosineContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "cosine";
    }
}
