/**
 * The attention kernel as a service: one fused {@code softmax(s·QKᵀ/τ + bias)·V} for every variant
 * that can use it, forward and backward, plus dense matrix products. Plugins receive an
 * {@link dev.attention.api.kernel.AttentionKernel} from their
 * {@link dev.attention.api.spi.PluginContext}: the engine's is tiled, SIMD and parallel; the
 * {@link dev.attention.api.kernel.AttentionKernel#reference() reference} one is plain loops that
 * define the results.
 */
package dev.attention.api.kernel;
