package dev.attention.api.spi;

import dev.attention.api.Distribution;

/**
 * Creates the configured distribution once more, for a variant that gives each of its parts (the
 * heads of multi-head attention) a distribution of its own, so that a distribution with learnable
 * parameters (entmax's learned α) learns them separately per part. Every instance starts from the
 * same parameter values.
 */
@FunctionalInterface
public interface DistributionFactory {

    /**
     * @param index which part the instance is for, from 0; equal index and seed give identical
     *     distributions, and index 0 is the variant's {@link PluginContext#distribution()}. A
     *     distribution that draws randomness from its seed gets a different seed for every index.
     */
    Distribution create(int index);
}
