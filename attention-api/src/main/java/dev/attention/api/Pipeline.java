package dev.attention.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An assembled attention model: a {@link Variant} with its {@link Alignment} and
 * {@link Distribution}, its element type and seed. Built by the engine from a configuration file
 * or a fluent builder; both give equal pipelines for equal settings.
 *
 * <p>Pipelines are immutable and thread-safe: share one between threads and call
 * {@link #run(AttentionInputs)} concurrently. Same inputs, same pipeline ⇒ bit-identical results.
 */
public interface Pipeline {

    /** Optional name from the configuration ({@code name:}), or {@code "pipeline"}. */
    String name();

    /** Element type inputs are converted to before running. */
    DType dtype();

    /** Ids of the variant, alignment and distribution, e.g. {@code global / dot / normalize}. */
    String describe();

    /** The inputs the variant takes. */
    List<InputSpec> inputs();

    /**
     * Runs the forward pass after checking that {@code inputs} bind exactly what the variant takes.
     * Input tensors are converted to {@link #dtype()}.
     */
    AttentionResult run(AttentionInputs inputs);

    /** Backward pass of {@link #run}; see {@link Variant#backward}. */
    VariantGradients backward(AttentionInputs inputs, AttentionResult result, Map<String, Tensor> resultGradients);

    /** What the results do not depend on: the variant's declaration (see {@link Independence}). */
    default Independence independence() {
        return Independence.NONE;
    }

    /** All learnable parameters, qualified ({@code alignment.W}, …). */
    Parameters parameters();

    /**
     * True when the pipeline's variant honours {@link AttentionInputs#keyMask()},
     * {@link AttentionInputs#scoreBias()} and {@link AttentionInputs#segments()} (see
     * {@link Variant#honoursMasks()}); false by default.
     */
    default boolean honoursMasks() {
        return false;
    }

    /**
     * The variant's {@link Variant#decoder()}: a fresh one-token-at-a-time decoder, fed tokens in
     * {@link #dtype()}, whose outputs are checked like {@link #run}'s; empty by default.
     */
    default Optional<TokenDecoder> decoder() {
        return Optional.empty();
    }

    /** A copy with new parameter values (same names and shapes). */
    Pipeline withParameters(Parameters parameters);
}
