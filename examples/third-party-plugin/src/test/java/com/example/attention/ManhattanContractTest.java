package com.example.attention;

import dev.attention.tck.AlignmentContract;

/** The whole alignment contract, from the TCK. */
class ManhattanContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "manhattan";
    }
}
