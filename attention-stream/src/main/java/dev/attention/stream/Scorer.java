package dev.attention.stream;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;

/**
 * Calls the configured alignment on stream rows: one key at a time (the O(d) path) or on a block of
 * stored keys at once (recomputing, KV-cache decoding, MoChA chunks).
 */
final class Scorer {
    private final Alignment alignment;
    private final DType dtype;

    Scorer(Alignment alignment, DType dtype) {
        this.alignment = alignment;
        this.dtype = dtype;
    }

    /** A {@code [1, d]} tensor of one row, in the stream's dtype. */
    Tensor row(double[] x) {
        return Tensor.of(dtype, new int[] {1, x.length}, x);
    }

    /** {@code a(key, query)} for one key. */
    double score(Tensor query, double[] key) {
        return alignment.scores(query, row(key)).at(0);
    }

    /** {@code a(K_j, query)} for every row of {@code keys [m, d_k]}. */
    double[] scores(Tensor query, Tensor keys) {
        Tensor s = alignment.scores(query, keys);
        if (s.rows() != 1 || s.cols() != keys.rows()) {
            throw new AttentionException("the alignment gave scores of shape " + java.util.Arrays.toString(s.shape())
                    + " for one query and " + keys.rows() + " keys");
        }
        return s.toDoubleArray();
    }
}
