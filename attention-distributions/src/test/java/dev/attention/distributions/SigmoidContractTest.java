package dev.attention.distributions;

import dev.attention.tck.DistributionContract;
import dev.attention.api.spi.DistributionProvider;

class SigmoidContractTest extends DistributionContract {
    @Override
    protected DistributionProvider provider() {
        return new SigmoidProvider();
    }
}
