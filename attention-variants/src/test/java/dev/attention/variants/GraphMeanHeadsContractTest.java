package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.tck.VariantContract;
import java.util.Map;

/** The contract for two averaged heads over the unprojected features, each with its own learnable alignment. */
class GraphMeanHeadsContractTest extends VariantContract {

    @Override
    protected String id() {
        return "graph";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 2, "concat", false, "project", false);
    }

    @Override
    protected Alignment alignment() {
        return TestComponents.scaledDot(0.8);
    }

    @Override
    protected AttentionInputs inputs() {
        return GraphFixtures.inputs();
    }
}
