/**
 * Distribution plugins {@code f}: {@code softmax}, {@code sigmoid} and {@code normalize}. Each has
 * a public provider found by {@link java.util.ServiceLoader}; the implementations are
 * package-private, immutable and thread-safe.
 */
package dev.attention.distributions;
