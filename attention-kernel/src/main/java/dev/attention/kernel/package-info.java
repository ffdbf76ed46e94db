/**
 * The fused attention kernel: dot/scaled-dot scores, softmax and the weighted sum in one tiled pass
 * that never holds the {@code n × m} score matrix (the online-softmax recurrence of FlashAttention),
 * with padding, causal and sliding-window visibility, run in parallel over (batch, query block)
 * tasks with bit-identical results for any thread count.
 */
package dev.attention.kernel;
