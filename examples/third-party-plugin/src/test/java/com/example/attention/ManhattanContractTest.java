package com.example.attention;

import dev.attention.api.spi.AlignmentProvider;
import dev.attention.tck.AlignmentContract;

/** The whole alignment contract, from the TCK. */
class ManhattanContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new ManhattanProvider();
    }
}
