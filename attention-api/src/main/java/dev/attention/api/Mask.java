package dev.attention.api;

/**
 * Which (query, key) positions take part, evaluated lazily so an {@code n × m} matrix never has
 * to exist. {@code batch} is the flattened batch index of the score tensor.
 *
 * <p>A masked position receives weight exactly 0; a query row whose keys are all masked receives
 * all-zero weights and a zero output, never NaN. Implementations must be immutable.
 */
@FunctionalInterface
public interface Mask {

    /** True when query {@code query} may attend to key {@code key} in matrix {@code batch}. */
    boolean allows(int batch, int query, int key);

    /** True when this mask allows every position, so callers may skip checking it. */
    default boolean allowsAll() {
        return false;
    }

    /** Both masks must allow a position. */
    default Mask and(Mask other) {
        if (other.allowsAll()) {
            return this;
        }
        if (allowsAll()) {
            return other;
        }
        Mask self = this;
        return (b, i, j) -> self.allows(b, i, j) && other.allows(b, i, j);
    }

    /** The mask that allows everything. */
    static Mask all() {
        return AllMask.INSTANCE;
    }

    /**
     * Padding mask on keys: in matrix {@code b} only keys {@code j < lengths[b]} are real.
     *
     * @param lengths one length per batch element (copied)
     */
    static Mask keyLengths(int... lengths) {
        int[] len = lengths.clone();
        return (b, i, j) -> j < len[b];
    }

    /** Padding mask on queries: rows {@code i ≥ lengths[b]} are padding and attend to nothing. */
    static Mask queryLengths(int... lengths) {
        int[] len = lengths.clone();
        return (b, i, j) -> i < len[b];
    }
}
