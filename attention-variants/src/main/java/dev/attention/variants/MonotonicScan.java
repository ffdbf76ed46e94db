package dev.attention.variants;

import dev.attention.api.Mask;
import dev.attention.api.Tensor;

/**
 * The test-time decision of monotonic attention (Raffel et al. 2017, Algorithm 1): per batch element,
 * query i scans keys forward from query i−1's position (inclusive) and stops at the first real key
 * with {@code sigmoid(score + offset) ≥ 0.5}, i.e. {@code score + offset ≥ 0}. Positions never move
 * backwards. Once a query finds no such key the scan has passed the end, so it and every later query
 * attend to nothing (position −1). Padded query rows get −1 and do not move the scan.
 */
final class MonotonicScan {
    private MonotonicScan() {
    }

    /** Chosen key per {@code (batch, query)}, or −1. */
    static int[][] positions(Tensor scores, double offset, QkvBinding in) {
        int batch = scores.batchSize();
        int n = scores.rows();
        int[][] chosen = new int[batch][n];
        for (int b = 0; b < batch; b++) {
            int t = 0;
            boolean exhausted = false;
            for (int i = 0; i < n; i++) {
                chosen[b][i] = -1;
                if (exhausted || !in.realQuery(b, i)) {
                    continue;
                }
                while (t < in.realKeys(b) && scores.get(b, i, t) + offset < 0) {
                    t++;
                }
                if (t < in.realKeys(b)) {
                    chosen[b][i] = t;
                } else {
                    exhausted = true;
                }
            }
        }
        return chosen;
    }

    /** Keys {@code p − chunk < j ≤ p} of each query's position p; nothing for queries without one. */
    static Mask chunks(int[][] positions, int chunk) {
        return (b, i, j) -> {
            int p = positions[b][i];
            return p >= 0 && j <= p && j > p - chunk;
        };
    }

    /** {@code [batch…, n, 1]} of the positions, as numbers in {@code like}'s dtype. */
    static Tensor tensor(int[][] positions, Tensor like) {
        int[] shape = like.shape();
        shape[shape.length - 1] = 1;
        Tensor.Builder t = Tensor.builder(like.dtype(), shape);
        for (int b = 0; b < positions.length; b++) {
            for (int i = 0; i < positions[b].length; i++) {
                t.set(b, i, 0, positions[b][i]);
            }
        }
        return t.build();
    }
}
