package dev.attention.stream;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * What a decoding stream's key-value cache holds now: {@code tokens} cached tokens, each with
 * {@code keyWidth} numbers of its key and {@code valueWidth} of its value (multi-head: kv-heads·d_head
 * each, so grouped-query heads shrink the cache by heads / kv-heads).
 *
 * @param tokens     tokens cached: every token so far, or at most the window
 * @param keyWidth   numbers per cached key
 * @param valueWidth numbers per cached value
 */
@API(status = MAINTAINED)
public record KvCache(int tokens, int keyWidth, int valueWidth) {

    /** Numbers held: {@code tokens · (keyWidth + valueWidth)}. */
    public long numbers() {
        return (long) tokens * (keyWidth + valueWidth);
    }
}
