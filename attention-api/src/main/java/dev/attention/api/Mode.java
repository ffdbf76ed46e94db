package dev.attention.api;

/**
 * Whether a forward pass is part of training. Plugins with training-only behaviour (attention
 * dropout) apply it in {@link #TRAIN} only; {@link #EVAL} is deterministic inference and the default.
 */
public enum Mode {
    /** Training: stochastic regularisers such as dropout are active (seeded, reproducible). */
    TRAIN,
    /** Inference: no dropout; the default. */
    EVAL
}
