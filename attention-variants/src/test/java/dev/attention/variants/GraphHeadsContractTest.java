package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.tck.VariantContract;
import java.util.Map;

/**
 * The contract for three concatenated heads of width 2 with a learnable alignment and distribution,
 * one per head (alignment.head<h>.c, distribution.head<h>.t), so every head's W block and
 * components are checked against finite differences.
 */
class GraphHeadsContractTest extends VariantContract {

    @Override
    protected String id() {
        return "graph";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("heads", 3, "dim", 2);
    }

    @Override
    protected Alignment alignment() {
        return TestComponents.scaledDot(0.8);
    }

    @Override
    protected Distribution distribution() {
        return TestComponents.temperedSoftmax(1.2);
    }

    @Override
    protected AttentionInputs inputs() {
        return GraphFixtures.inputs();
    }
}
