package dev.attention.api;

import java.util.Objects;

/** Gradients from {@link Distribution#backward}: of the scores and of the distribution's parameters. */
public record DistributionGradients(Tensor scores, Parameters parameters) {
    public DistributionGradients {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(parameters, "parameters");
    }
}
