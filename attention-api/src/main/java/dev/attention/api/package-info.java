/**
 * The attention vocabulary. An attention model predicts {@code y_i = Σ_j f(a(K_j, Q_i)) · V_j}:
 * an {@link dev.attention.api.Alignment} {@code a} scores keys against queries, a
 * {@link dev.attention.api.Distribution} {@code f} turns scores into weights, and a
 * {@link dev.attention.api.Variant} decides what the queries, keys and values are and which
 * positions count. A {@link dev.attention.api.Pipeline} is one assembled model; its forward pass
 * gives an {@link dev.attention.api.AttentionResult}.
 */
package dev.attention.api;
