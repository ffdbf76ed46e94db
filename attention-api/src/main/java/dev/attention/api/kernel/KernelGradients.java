package dev.attention.api.kernel;

import dev.attention.api.Tensor;
import java.util.Objects;
import java.util.Optional;

/**
 * Gradients from {@link AttentionKernel#backward}: of the queries, keys and values (their shapes
 * and dtypes; a kv head shared by several query heads receives the sum of their gradients) and,
 * for a {@link KernelSpec#bias(Tensor, boolean) learned bias}, of the bias, summed to its shape.
 */
public record KernelGradients(Tensor queries, Tensor keys, Tensor values, Optional<Tensor> bias) {
    public KernelGradients {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(bias, "bias");
    }
}
