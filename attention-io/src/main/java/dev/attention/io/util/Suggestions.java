package dev.attention.io.util;

import dev.attention.api.UnknownName;
import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for core's messages; the algorithm and the "unknown … known: …" message live once,
 * in {@link UnknownName}, which plugins can reach too. New code calls {@link UnknownName} directly.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** See {@link UnknownName#nearest}. */
    public static Optional<String> nearest(String word, Collection<String> candidates) {
        return UnknownName.nearest(word, candidates);
    }

    /** See {@link UnknownName#didYouMean}. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return UnknownName.didYouMean(word, candidates);
    }
}
