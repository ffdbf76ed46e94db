package dev.attention.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A variant decides what the queries, keys and values are and which positions take part, then
 * computes {@code output_i = Σ_j f(a(K_j, Q_i)) · V_j} with the {@link Alignment} {@code a} and
 * {@link Distribution} {@code f} it was created with (see
 * {@code dev.attention.api.spi.PluginContext}).
 *
 * <p>Each variant documents its inputs ({@link #inputs()}), the shape of its weights and whether
 * their rows sum to 1. Implementations are immutable and thread-safe.
 */
public interface Variant extends Learnable {

    /** The named inputs this variant takes; the engine validates bindings against it. */
    List<InputSpec> inputs();

    /** Forward pass. */
    AttentionResult forward(AttentionInputs inputs);

    /**
     * Backward pass: given the forward inputs and result and {@code dL/d(result tensor)} for some of
     * the result's tensors (absent ones count as zero), returns the gradients of every input tensor
     * and of every parameter (the variant's own and its components', qualified names).
     *
     * @throws UnsupportedOperationException if the variant cannot be differentiated
     */
    VariantGradients backward(AttentionInputs inputs, AttentionResult result, Map<String, Tensor> resultGradients);

    /**
     * What this variant's results do not depend on, combined over its alignment and distribution
     * (see {@link Independence}); default {@link Independence#NONE}, so the engine splits nothing a
     * variant has not declared splittable.
     */
    default Independence independence() {
        return Independence.NONE;
    }

    /**
     * True when {@link #forward}, weights not wanted and no caller mask given, never holds all
     * {@code n × m} scores at once, because it hands them to the
     * {@link dev.attention.api.kernel.AttentionKernel}, which tiles them. The engine then runs such a
     * variant in one piece: it runs variants whose query rows are independent in blocks of rows
     * only to bound that memory. False by default. A hint for memory and speed; results do not
     * depend on it.
     */
    default boolean tilesScores() {
        return false;
    }

    /**
     * True when {@link #forward} and {@link #backward} honour {@link AttentionInputs#keyMask()} and
     * {@link AttentionInputs#scoreBias()}: the key mask hides keys, the bias is added to the scores
     * before the distribution ({@code −∞} hiding a position) — and {@link AttentionInputs#segments()}:
     * a row attends only to keys of its own packed sequence. The engine refuses those masks for a
     * variant that does not, rather than let it ignore them. False by default.
     */
    default boolean honoursMasks() {
        return false;
    }

    /**
     * A fresh {@link TokenDecoder} (empty cache) that steps this variant's forward pass one token at a
     * time, for a variant whose provider declares {@code StreamForm.decoder}; empty by default and
     * for parameters under which the variant cannot decode (e.g. not causal).
     */
    default Optional<TokenDecoder> decoder() {
        return Optional.empty();
    }

    /**
     * All learnable parameters: the variant's own as {@code variant.<name>}, its alignment's as
     * {@code alignment.<name>} and its distribution's as {@code distribution.<name>}.
     */
    @Override
    Parameters parameters();

    /** A copy with the given qualified parameters (see {@link #parameters()}). */
    @Override
    Variant withParameters(Parameters parameters);
}
