package dev.attention.distributions;

import dev.attention.tck.DistributionContract;
import dev.attention.api.spi.DistributionProvider;

/** α-entmax with its defaults (α = 1.5), so the bisection path is checked against the contract too. */
class EntmaxContractTest extends DistributionContract {
    @Override
    protected DistributionProvider provider() {
        return new EntmaxProvider();
    }
}
