package dev.attention.variants;

import dev.attention.api.Mask;
import java.util.Optional;

/**
 * The position masks of the variants: padding from lengths, causal order, and bands of keys
 * around the query's own index or around a given centre. Positions are row indices, query
 * {@code i} and key {@code j}; every mask is a lazy predicate, never an {@code n × m} matrix.
 */
final class PositionMasks {
    private PositionMasks() {
    }

    /**
     * Padding: query rows {@code i ≥ queryLengths[b]} attend to nothing and keys
     * {@code j ≥ keyLengths[b]} are attended by nobody; an absent side is unpadded.
     */
    static Mask padding(Optional<int[]> queryLengths, Optional<int[]> keyLengths) {
        Mask m = Mask.all();
        if (queryLengths.isPresent()) {
            m = m.and(Mask.queryLengths(queryLengths.get()));
        }
        if (keyLengths.isPresent()) {
            m = m.and(Mask.keyLengths(keyLengths.get()));
        }
        return m;
    }

    /**
     * Order and locality (self, cross): with {@code causal}, key {@code j} is visible to query
     * {@code i} iff {@code j ≤ i} (top-left aligned on rectangular shapes, as
     * {@code torch.ones(n, m).tril()}); a {@code window W > 0} further keeps {@code |i − j| < W},
     * i.e. {@code i − W < j} with causal; {@code window = 0} means no window.
     */
    static Mask order(boolean causal, int window) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be ≥ 0, got " + window);
        }
        Mask order = causal ? (b, i, j) -> j <= i : Mask.all();
        // |i − j| < W is the band of half-width W − 1 on integer positions.
        return window > 0 ? order.and(band(window - 1)) : order;
    }

    /** Keys {@code j} with {@code |j − i| ≤ halfWidth} for query {@code i} (local-m's window). */
    static Mask band(int halfWidth) {
        return (b, i, j) -> Math.abs(j - i) <= halfWidth;
    }

    /**
     * Keys {@code j} with {@code |j − centres[b·rows + i]| ≤ halfWidth} (local-p's window); a
     * negative centre marks a row that attends to nothing.
     *
     * @param centres one integer centre per query row, flattened over the batch (copied)
     */
    static Mask around(int[] centres, int rows, int halfWidth) {
        int[] c = centres.clone();
        return (b, i, j) -> {
            int centre = c[b * rows + i];
            return centre >= 0 && Math.abs(j - centre) <= halfWidth;
        };
    }
}
