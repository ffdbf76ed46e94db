package dev.attention.distributions;

import dev.attention.tck.DistributionContract;

/** α-entmax with its defaults (α = 1.5), so the bisection path is checked against the contract too. */
class EntmaxContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "entmax";
    }
}
