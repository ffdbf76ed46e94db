package dev.attention.api;

/**
 * What a plugin's results do <em>not</em> depend on, declared so the engine may split work
 * without probing: with {@link #queryRows()}, output row {@code i} (and weight row {@code i})
 * depends on query row {@code i} alone among the queries, not on the other queries nor on
 * {@code i}'s position, so queries may be run a block of rows at a time, in any order, or split into
 * folds; with {@link #batchEntries()}, batch entry {@code b}'s results depend on entry {@code b}'s
 * inputs alone. A variant declares the combination over itself and its components
 * ({@link #and}), since a component can break it (a distribution hashing noise from positions).
 *
 * @param queryRows    output rows depend only on their own query row
 * @param batchEntries batch entries do not see each other
 */
public record Independence(boolean queryRows, boolean batchEntries) {
    /** Nothing promised: the default for variants, so the engine never splits what it cannot. */
    public static final Independence NONE = new Independence(false, false);
    /** Rows and batch entries independent: the default for alignments and distributions. */
    public static final Independence ALL = new Independence(true, true);
    /** Batch entries independent, rows not (a sequence attending to itself, positions, windows). */
    public static final Independence BATCH_ENTRIES = new Independence(false, true);

    /** Both declarations hold. */
    public Independence and(Independence other) {
        return new Independence(queryRows && other.queryRows, batchEntries && other.batchEntries);
    }
}
