package dev.attention.distributions;

import dev.attention.tck.DistributionContract;
import java.util.Map;

/** α = 1.3: an exponent 1/(α−1) that is not an integer, so the gradient's p^{2−α} is a real power. */
class EntmaxAlpha13ContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "entmax";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("alpha", 1.3);
    }
}
