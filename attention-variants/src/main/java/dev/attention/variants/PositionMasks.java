package dev.attention.variants;

import dev.attention.api.Mask;
import java.util.Optional;

/**
 * The position masks of the sequence variants ({@code self}, {@code cross}, {@code pooling}):
 * padding from lengths, causal order and a sliding window. Positions are row indices, query
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
     * Order and locality: with {@code causal}, key {@code j} is visible to query {@code i} iff
     * {@code j ≤ i} (top-left aligned on rectangular shapes, as {@code torch.ones(n, m).tril()});
     * a {@code window W > 0} further keeps {@code i − W < j} (causal) or {@code |i − j| < W}
     * (not causal); {@code window = 0} means no window.
     */
    static Mask order(boolean causal, int window) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be ≥ 0, got " + window);
        }
        if (causal && window > 0) {
            return (b, i, j) -> j <= i && j > i - window;
        }
        if (causal) {
            return (b, i, j) -> j <= i;
        }
        if (window > 0) {
            return (b, i, j) -> Math.abs(i - j) < window;
        }
        return Mask.all();
    }
}
