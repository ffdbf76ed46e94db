package dev.attention.api;

/**
 * Causal decoding one token at a time with a key-value cache, for a variant that provides its own
 * incremental step ({@link Variant#decoder()}, declared by {@code StreamForm.decoder}). Token
 * {@code t} (counted from 0) is a row {@code x_t [1, d]}; {@link #step} returns {@code y_t [1, d_out]},
 * which must equal row {@code t} of the variant's forward pass over {@code x_0 … x_t} (causal: row
 * {@code t} does not depend on later tokens, so it is row t of the whole sequence's output too):
 * <pre>
 *   k_t, v_t = the variant's key and value of x_t        appended to the cache
 *   y_t      = the variant's output for the query of x_t over the cached k_j, v_j
 * </pre>
 * The cache holds {@link #keyWidth()} numbers of each cached token's key and {@link #valueWidth()}
 * of its value, for {@link #cachedTokens()} tokens: all of them, or the last W with a sliding
 * window of W. Mutable and not thread-safe: one decoder per stream, each from a fresh call.
 */
public interface TokenDecoder {

    /**
     * Appends token {@code x_t [1, d]} (in the variant's dtype) and returns its output {@code [1, d_out]}.
     */
    Tensor step(Tensor token);

    /** Tokens whose keys and values the cache holds now: every token so far, or at most the window. */
    int cachedTokens();

    /** Numbers cached per token for its key (e.g. {@code kv-heads · d_head} for multi-head). */
    int keyWidth();

    /** Numbers cached per token for its value. */
    int valueWidth();
}
