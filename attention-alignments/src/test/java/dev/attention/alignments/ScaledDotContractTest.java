package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import dev.attention.api.spi.AlignmentProvider;
import java.util.Map;

/** Runs the contract with an explicit scale; the default 1/√d is covered by {@link ScaledDotTest}. */
class ScaledDotContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new ScaledDotProvider();
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("scale", 0.75);
    }
}
