package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;

/** The variant contract for graph attention as GAT runs it: undirected, self-loops, learned W. */
class GraphContractTest extends VariantContract {

    @Override
    protected String id() {
        return "graph";
    }

    @Override
    protected AttentionInputs inputs() {
        return GraphFixtures.inputs();
    }
}
