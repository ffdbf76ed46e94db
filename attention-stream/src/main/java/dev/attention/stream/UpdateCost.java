package dev.attention.stream;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * What an appended key costs a standing query, fixed when a stream opens from its alignment and
 * distribution (see {@link StreamSession#cost()}).
 */
@API(status = MAINTAINED)
public enum UpdateCost {
    /**
     * O(d) per key and O(d_v) per read: the alignment scores one key at a time and the distribution is
     * softmax, whose running max, running sum and weighted accumulator are kept in double.
     */
    ONLINE,
    /**
     * O(d) per key, O(m·d_v) per read: the alignment scores one key at a time, but the distribution
     * (sparsemax, entmax, normalize, sigmoid, …) needs the whole row, so the scores are kept and the
     * weights recomputed when the query is read.
     */
    SCORES,
    /**
     * O(1) per key, O(m·d) per read: the alignment's score depends on the key's position or on all keys
     * ({@code location}, or an alignment this engine does not know to be per-key), so every read scores
     * all stored keys again.
     */
    RECOMPUTE
}
