package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import dev.attention.api.spi.AlignmentProvider;
import java.util.Map;

/** The contract with a learnable scale, so its gradient is checked against finite differences. */
class CosineLearnScaleContractTest extends AlignmentContract {
    @Override
    protected AlignmentProvider provider() {
        return new CosineProvider();
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("learn-scale", true, "scale", 2.5);
    }
}
