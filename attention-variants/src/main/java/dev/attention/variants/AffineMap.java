package dev.attention.variants;

import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;

/**
 * One learned row map {@code y = x Wᵀ + b} with {@code W [out, in]} and an optional
 * {@code b [1, out]} (PyTorch's {@code nn.Linear}), and its backward pass, built on
 * {@link LinearMaps}. Immutable.
 */
record AffineMap(Tensor weight, Tensor bias) {

    /** Gradients of the input, the weight and the bias (null without one). */
    record Gradients(Tensor input, Tensor weight, Tensor bias) {
    }

    Tensor apply(String what, Tensor x) {
        return LinearMaps.apply(what, x, weight, bias);
    }

    Gradients backward(Tensor x, Tensor dy) {
        return new Gradients(LinearMaps.inputGradient(dy, weight), LinearMaps.weightGradient(dy, x, weight.dtype()),
                bias == null ? null : LinearMaps.biasGradient(dy, bias.dtype()));
    }

    /** {@link #apply(String, Tensor)} as one {@code kernel.linear}. */
    Tensor apply(AttentionKernel kernel, String what, Tensor x) {
        return LinearMaps.apply(kernel, what, x, weight, bias);
    }

    /** {@link #backward(Tensor, Tensor)} with the input and weight gradients as kernel matrix products. */
    Gradients backward(AttentionKernel kernel, Tensor x, Tensor dy) {
        return new Gradients(LinearMaps.inputGradient(kernel, dy, weight),
                LinearMaps.weightGradient(kernel, dy, x, weight.dtype()),
                bias == null ? null : LinearMaps.biasGradient(dy, bias.dtype()));
    }

    /** A copy with {@code W} and {@code b} taken from {@code local} under the given names when present. */
    AffineMap with(dev.attention.api.Parameters local, String weightName, String biasName) {
        return new AffineMap(QualifiedParameters.replace(local, weightName, weight),
                bias == null ? null : QualifiedParameters.replace(local, biasName, bias));
    }
}
