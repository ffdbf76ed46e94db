package dev.attention.core.kernel;

/**
 * Which keys a query row may see, as one contiguous range per row, before padding is applied:
 * all keys, causal ({@code j ≤ i}) or a sliding window of width {@code W} ({@code i − W < j ≤ i}).
 * A range instead of a per-position predicate lets the kernel skip whole key blocks. Immutable.
 */
public final class KeyVisibility {
    private static final KeyVisibility ALL = new KeyVisibility(Integer.MAX_VALUE, false);
    private static final KeyVisibility CAUSAL = new KeyVisibility(Integer.MAX_VALUE, true);

    /** Keys visible behind the query; {@code MAX_VALUE} for unbounded. */
    private final int window;
    private final boolean causal;

    private KeyVisibility(int window, boolean causal) {
        this.window = window;
        this.causal = causal;
    }

    /** Every key is visible (the global variant). */
    public static KeyVisibility all() {
        return ALL;
    }

    /** Key {@code j} is visible to query {@code i} iff {@code j ≤ i}. */
    public static KeyVisibility causal() {
        return CAUSAL;
    }

    /**
     * Key {@code j} is visible to query {@code i} iff {@code i − width < j ≤ i}: the query itself and
     * the {@code width − 1} keys before it.
     *
     * @throws IllegalArgumentException unless {@code width ≥ 1}
     */
    public static KeyVisibility window(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a sliding window needs width ≥ 1, got " + width);
        }
        return new KeyVisibility(width, true);
    }

    /** First visible key of query row {@code i} (may exceed the key count: nothing visible). */
    public int first(int i) {
        if (!causal || window == Integer.MAX_VALUE) {
            return 0;
        }
        return Math.max(0, i - window + 1);
    }

    /** One past the last visible key of query row {@code i}, clipped to {@code keys}. */
    public int end(int i, int keys) {
        return causal ? Math.min(keys, i + 1) : keys;
    }

    /** True when key {@code j} is visible to query {@code i} (for references and tests). */
    public boolean allows(int i, int j) {
        return j >= first(i) && (!causal || j <= i);
    }

    @Override
    public String toString() {
        return !causal ? "all keys" : window == Integer.MAX_VALUE ? "causal" : "window(" + window + ")";
    }
}
