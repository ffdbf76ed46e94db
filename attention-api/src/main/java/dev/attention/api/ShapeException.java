package dev.attention.api;

import java.util.Arrays;

/** A tensor's shape does not fit the operation: the message names both shapes and the rule. */
public class ShapeException extends AttentionException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }

    /** Formats a shape the way messages show it: {@code [2, 3, 4]}. */
    public static String format(int[] shape) {
        return Arrays.toString(shape);
    }
}
