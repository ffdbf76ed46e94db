package dev.attention.api;

import java.util.Objects;

/**
 * A named input a {@link Variant} takes, e.g. {@code queries}, {@code keys}, {@code values} for
 * global attention or {@code sequence} for self-attention. The engine checks that a configuration
 * binds every required input and nothing the variant does not take, before running.
 *
 * @param name     the input's name in configurations and {@link AttentionInputs}
 * @param required whether the variant refuses to run without it
 * @param doc      one line for help texts, including the expected shape
 */
public record InputSpec(String name, boolean required, String doc) {
    public InputSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("input names must not be blank");
        }
        doc = doc == null ? "" : doc;
    }

    public static InputSpec required(String name, String doc) {
        return new InputSpec(name, true, doc);
    }

    public static InputSpec optional(String name, String doc) {
        return new InputSpec(name, false, doc);
    }
}
