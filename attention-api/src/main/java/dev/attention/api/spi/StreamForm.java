package dev.attention.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * How a variant answers rows that arrive one at a time ({@code attention stream}), declared by its
 * provider for given parameters ({@link VariantProvider#streamForm}) so the engine picks a stream by
 * what the variant says, not by its id:
 * <ul>
 *   <li>{@link Kind#STANDING_QUERIES}: queries stand, keys and values arrive; each query's answer
 *       is global attention over the keys so far ({@code global}, {@code cross} without causal).</li>
 *   <li>{@link Kind#KEY_VALUE_CACHE}: tokens arrive; each attends to every cached token and itself,
 *       or to the last {@link #window()} tokens ({@code self} with causal).</li>
 *   <li>{@link Kind#MONOTONIC}: queries move monotonically over arriving keys, attending to the
 *       {@link #chunk()} keys ending at their position, with the stopping bias {@link #offset()}.</li>
 *   <li>{@link Kind#DECODER}: tokens arrive on input {@link #input()}; the variant steps its own
 *       forward pass one token at a time with its own KV cache ({@link dev.attention.api.Variant#decoder()},
 *       a {@link dev.attention.api.TokenDecoder}), keeping the last {@link #window()} tokens or all
 *       ({@code multi-head} with causal). The engine knows nothing of the variant's internals (heads,
 *       rotary positions, biases): the variant's decoder answers token {@code t} with row {@code t}
 *       of its causal forward pass over tokens {@code 0 … t}.</li>
 *   <li>{@link Kind#NONE}: no stream form; {@link #problem()} says why and {@link #hint()} what to do.</li>
 * </ul>
 * Learned row maps {@code x ↦ W x} that the variant applies to queries, keys and values before
 * attending are named by their qualified parameter names ({@code variant.W_q}), so the stream
 * applies the batch pipeline's own values. Immutable.
 */
public final class StreamForm {
    /** The stream forms the engine knows. */
    public enum Kind {
        STANDING_QUERIES,
        KEY_VALUE_CACHE,
        MONOTONIC,
        DECODER,
        NONE
    }

    private final Kind kind;
    private final int window;
    private final int chunk;
    private final double offset;
    private final String problem;
    private final String hint;
    private final String queryMap;
    private final String keyMap;
    private final String valueMap;
    private final String input;

    private StreamForm(Kind kind, int window, int chunk, double offset, String problem, String hint, String queryMap,
            String keyMap, String valueMap) {
        this(kind, window, chunk, offset, problem, hint, queryMap, keyMap, valueMap, null);
    }

    private StreamForm(Kind kind, int window, int chunk, double offset, String problem, String hint, String queryMap,
            String keyMap, String valueMap, String input) {
        this.kind = kind;
        this.window = window;
        this.chunk = chunk;
        this.offset = offset;
        this.problem = problem;
        this.hint = hint;
        this.queryMap = queryMap;
        this.keyMap = keyMap;
        this.valueMap = valueMap;
        this.input = input;
    }

    /** Standing queries over arriving keys and values. */
    public static StreamForm standingQueries() {
        return new StreamForm(Kind.STANDING_QUERIES, 0, 1, 0, null, null, null, null, null);
    }

    /** A key-value cache of every token ({@code window} 0) or of the last {@code window} tokens. */
    public static StreamForm keyValueCache(int window) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be ≥ 0, got " + window);
        }
        return new StreamForm(Kind.KEY_VALUE_CACHE, window, 1, 0, null, null, null, null, null);
    }

    /** Monotonic attention over chunks of {@code chunk} keys (1: hard monotonic) with stopping bias {@code offset}. */
    public static StreamForm monotonic(double offset, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be ≥ 1, got " + chunk);
        }
        return new StreamForm(Kind.MONOTONIC, 0, chunk, offset, null, null, null, null, null);
    }

    /**
     * The variant decodes tokens itself ({@link dev.attention.api.Variant#decoder()}): each token is a
     * row of its input {@code input} and its decoder caches the last {@code window} tokens ({@code 0}:
     * all). A window tells the engine that cached keys start past 0, so an alignment that scores by
     * key position is refused.
     */
    public static StreamForm decoder(String input, int window) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be ≥ 0, got " + window);
        }
        return new StreamForm(Kind.DECODER, window, 1, 0, null, null, null, null, null,
                Objects.requireNonNull(input, "input"));
    }

    /** No stream form, with the reason and what to do instead. */
    public static StreamForm none(String problem, String hint) {
        return new StreamForm(Kind.NONE, 0, 1, 0, Objects.requireNonNull(problem, "problem"),
                Objects.requireNonNull(hint, "hint"), null, null, null);
    }

    /**
     * This form with learned row maps, each a qualified parameter name of a {@code [out, in]} matrix
     * applied as {@code W x}, or null where rows pass unchanged.
     */
    public StreamForm withRowMaps(String query, String key, String value) {
        return new StreamForm(kind, window, chunk, offset, problem, hint, query, key, value, input);
    }

    public Kind kind() {
        return kind;
    }

    /** Cached tokens for {@link Kind#KEY_VALUE_CACHE} and {@link Kind#DECODER}; 0 for all. */
    public int window() {
        return window;
    }

    /** Keys per chunk for {@link Kind#MONOTONIC}. */
    public int chunk() {
        return chunk;
    }

    /** The stopping bias for {@link Kind#MONOTONIC}. */
    public double offset() {
        return offset;
    }

    /** The input tokens are rows of ({@link Kind#DECODER}). */
    public Optional<String> input() {
        return Optional.ofNullable(input);
    }

    /** Why there is no stream form ({@link Kind#NONE}). */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** What to do instead ({@link Kind#NONE}). */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    public Optional<String> queryMap() {
        return Optional.ofNullable(queryMap);
    }

    public Optional<String> keyMap() {
        return Optional.ofNullable(keyMap);
    }

    public Optional<String> valueMap() {
        return Optional.ofNullable(valueMap);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STANDING_QUERIES -> "standing queries";
            case KEY_VALUE_CACHE -> "KV cache" + (window > 0 ? " of the last " + window + " tokens" : "");
            case DECODER -> "the variant's own decoder" + (window > 0 ? " of the last " + window + " tokens" : "");
            case MONOTONIC -> "monotonic (offset " + offset + (chunk > 1 ? ", chunk " + chunk : "") + ")";
            case NONE -> "no stream form: " + problem;
        };
    }
}
