/**
 * Alignment plugins {@code a(K_j, Q_i)}: {@code dot}, {@code scaled-dot} and {@code cosine}. Each
 * has a public provider found by {@link java.util.ServiceLoader}; the implementations are
 * package-private, immutable and thread-safe.
 */
package dev.attention.alignments;
