package dev.attention.api.kernel;

/**
 * Inverted dropout on attention weights: weight {@code (b, h, i, j)} is kept with probability
 * {@code 1 − p} and scaled by {@code 1/(1 − p)}, else zeroed. Whether it is dropped is
 * {@code CounterRandom.uniform(seed, step, b, h, i, j) < p}, a pure function of its coordinates,
 * so a backward pass sees the forward pass's mask without storing it. {@code step} is the training
 * step, so each step drops other weights. Immutable.
 *
 * @param p    drop probability in [0, 1)
 * @param seed the plugin's seed
 * @param step the training step
 */
public record Dropout(double p, long seed, long step) {
    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
    }

    /** The factor weight {@code (b, h, i, j)} is multiplied by: 0 or {@code 1/(1 − p)}. */
    public double factor(int b, int h, int i, int j) {
        return CounterRandom.uniform(seed, step, b, h, i, j) < p ? 0 : 1 / (1 - p);
    }

    /** The same dropout at another training step. */
    public Dropout atStep(long step) {
        return new Dropout(p, seed, step);
    }
}
