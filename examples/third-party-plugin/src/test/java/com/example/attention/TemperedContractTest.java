package com.example.attention;

import dev.attention.tck.DistributionContract;
import java.util.Map;

/** The whole distribution contract, from the TCK, at a non-default temperature (it checks the softmax declaration too). */
class TemperedContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "tempered";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("t", 0.7);
    }
}
