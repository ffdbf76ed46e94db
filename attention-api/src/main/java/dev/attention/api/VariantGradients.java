package dev.attention.api;

import java.util.Map;
import java.util.Objects;

/**
 * Gradients from {@link Variant#backward}: one per input tensor (same names and shapes as the
 * {@link AttentionInputs}) and one per parameter of the variant and of its components, qualified
 * as {@code alignment.<name>}, {@code distribution.<name>} or {@code variant.<name>}.
 */
public record VariantGradients(Map<String, Tensor> inputs, Parameters parameters) {
    public VariantGradients {
        inputs = Map.copyOf(Objects.requireNonNull(inputs, "inputs"));
        Objects.requireNonNull(parameters, "parameters");
    }
}
