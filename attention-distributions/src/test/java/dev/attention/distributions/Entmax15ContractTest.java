package dev.attention.distributions;

import dev.attention.tck.DistributionContract;

/** 1.5-entmax with the contract's default scores; its kinks are out of the finite-difference step's reach. */
class Entmax15ContractTest extends DistributionContract {
    @Override
    protected String id() {
        return "entmax15";
    }
}
