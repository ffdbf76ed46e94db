package dev.attention.variants;

import dev.attention.api.kernel.CounterRandom;

/**
 * Gaussian noise added to monotonic energies before the sigmoid in training (Raffel et al. 2017,
 * section 2.3: it pushes the probabilities towards 0 or 1, so the hard decisions at test time match
 * what was trained). Draw {@code (b, i, j)} is a Box–Muller normal from two {@link CounterRandom}
 * uniforms of the seed, the training step and those coordinates: the backward pass sees the same
 * noise without storing it, and every step draws anew. Immutable.
 */
record EnergyNoise(double sigma, long seed, long step) {
    /** No noise. */
    static final EnergyNoise NONE = new EnergyNoise(0, 0, 0);

    /** {@code σ · z_bij}, or exactly 0 without noise. */
    double at(int b, int i, int j) {
        if (sigma == 0) {
            return 0;
        }
        double u1 = 1 - CounterRandom.uniform(seed, step, b, i, j, 0);   // (0, 1]: the log is finite
        double u2 = CounterRandom.uniform(seed, step, b, i, j, 1);
        return sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
