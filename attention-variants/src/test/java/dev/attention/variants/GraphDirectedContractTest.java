package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import java.util.Map;
import dev.attention.tck.VariantContract;

/** The contract for directed edges without self-loops or projection: nodes 0 and 4 have no neighbour. */
class GraphDirectedContractTest extends VariantContract {

    @Override
    protected String id() {
        return "graph";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("directed", true, "self-loops", false, "project", false);
    }

    @Override
    protected AttentionInputs inputs() {
        return GraphFixtures.inputs();
    }
}
