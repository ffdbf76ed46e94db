package dev.attention.distributions;

import dev.attention.api.contract.DistributionContract;
import dev.attention.api.spi.DistributionProvider;

class SigmoidContractTest extends DistributionContract {
    @Override
    protected DistributionProvider provider() {
        return new SigmoidProvider();
    }
}
