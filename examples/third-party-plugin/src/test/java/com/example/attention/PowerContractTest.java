package com.example.attention;

import dev.attention.tck.DistributionContract;
import java.util.Map;

/** The whole distribution contract, from the TCK, at a non-default exponent. */
class PowerContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "power";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("p", 3.0);
    }
}
