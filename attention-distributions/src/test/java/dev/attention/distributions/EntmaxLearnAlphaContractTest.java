package dev.attention.distributions;

import dev.attention.tck.DistributionContract;
import java.util.Map;

/**
 * Learned α starting at 1.3 below alpha-max 2.5: the kit's finite-difference check then covers
 * {@code alpha_logit} as well as the scores.
 */
class EntmaxLearnAlphaContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "entmax";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("alpha", 1.3, "alpha-max", 2.5, "learn-alpha", true);
    }
}
