/**
 * The fused attention kernel: dot/scaled-dot scores, softmax and the weighted sum in one tiled pass
 * that never holds the {@code n × m} score matrix (the online-softmax recurrence of FlashAttention),
 * with padding, causal and sliding-window visibility, run in parallel over (batch, query block)
 * tasks with bit-identical results for any thread count.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.kernel;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
