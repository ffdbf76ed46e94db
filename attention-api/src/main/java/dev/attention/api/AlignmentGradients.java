package dev.attention.api;

import java.util.Objects;

/**
 * Gradients from {@link Alignment#backward}: of the queries and keys (their shapes) and of the
 * alignment's parameters (same names and shapes as {@link Alignment#parameters()}).
 */
public record AlignmentGradients(Tensor queries, Tensor keys, Parameters parameters) {
    public AlignmentGradients {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(parameters, "parameters");
    }
}
