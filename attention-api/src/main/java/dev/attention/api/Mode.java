package dev.attention.api;

/**
 * Whether a forward pass is part of training or of using a model. Carried by
 * {@link AttentionInputs#mode()} so a variant can behave differently while it is being fitted
 * (e.g. apply dropout only in {@link #TRAIN}); a variant with no such behaviour ignores it.
 * Inputs default to {@link #EVAL}, so running a pipeline never trains by accident.
 */
public enum Mode {
    /** A forward pass whose gradients will update parameters. */
    TRAIN,
    /** Prediction or validation: deterministic, no training-only behaviour. */
    EVAL
}
