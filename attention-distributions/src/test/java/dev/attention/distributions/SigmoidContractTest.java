package dev.attention.distributions;

import dev.attention.tck.DistributionContract;

class SigmoidContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "sigmoid";
    }
}
