package dev.attention.distributions;

import dev.attention.tck.DistributionContract;

/**
 * Sparsemax has kinks where a key enters or leaves the support; with the contract's seeds no score
 * lies within the finite-difference step of the threshold, so the default range [−2, 2) is kept.
 */
class SparsemaxContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "sparsemax";
    }
}
