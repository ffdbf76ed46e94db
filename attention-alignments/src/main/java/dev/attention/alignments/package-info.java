/**
 * Alignment plugins {@code a(K_j, Q_i)}: {@code dot}, {@code scaled-dot}, {@code cosine},
 * {@code general}, {@code additive}, {@code gaussian}, {@code laplace} and {@code location}. Each
 * is declared by the entry point {@link dev.attention.alignments.AlignmentsPlugin}, found by
 * {@link java.util.ServiceLoader}; the implementations are
 * package-private, immutable and thread-safe. Learnable parameters are named locally, stored in
 * the pipeline dtype, matrices {@code [out, in]} like PyTorch's {@code nn.Linear} weight, and
 * initialised Xavier/Glorot uniform from the seeded {@code PluginContext.random()}.
 */
package dev.attention.alignments;
