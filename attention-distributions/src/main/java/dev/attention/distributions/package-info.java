/**
 * Distribution plugins {@code f}: {@code softmax}, {@code sigmoid} (normalised, or independent gates
 * with {@code normalize: false}), {@code normalize}, the sparse maps {@code sparsemax},
 * {@code entmax15} and {@code entmax} (α-entmax by bisection), and {@code gumbel-softmax} with
 * frozen, seed-determined noise. Each has a public provider found by {@link java.util.ServiceLoader};
 * the implementations are package-private, immutable and thread-safe, and all run row by row
 * through {@code Rows}, which handles the mask once.
 */
package dev.attention.distributions;
