package dev.attention.api.kernel;

/**
 * Which key a query row is lined up with, for causal masks and windows
 * ({@link KernelSpec#window(int, int)}): with {@code n} real queries and {@code m} real keys in a
 * batch row, query {@code i} faces key {@code i} ({@link #TOP_LEFT}) or key {@code i + m − n}
 * ({@link #BOTTOM_RIGHT}, where the last query faces the last key: decoding with a cache).
 */
public enum Diagonal {
    TOP_LEFT,
    BOTTOM_RIGHT
}
