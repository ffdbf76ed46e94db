package dev.attention.distributions;

import dev.attention.tck.DistributionContract;

/** normalize is only defined for non-negative scores, so the contract draws them from [0.1, 2). */
class NormalizeContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "normalize";
    }

    @Override
    protected double[] scoreRange() {
        return new double[] {0.1, 2};
    }

    @Override
    protected double[] extremeScores() {
        return new double[] {1e4, 1e-4, 0, 5e3};
    }
}
