package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Independence;
import dev.attention.api.Tensor;

/**
 * ALiBi (Press et al. 2022) as a decorator of any alignment: {@code s_ij = a(K_j, Q_i) − slope·|i − j|}
 * with {@code i}, {@code j} the query's and key's row index. Under a causal mask only {@code j ≤ i}
 * is visible, where this is the paper's {@code −slope·(i − j)}. The bias is a constant, so the
 * backward pass is the inner alignment's, and the parameters are the inner alignment's, unprefixed.
 */
final class AlibiAlignment extends ConstantShiftAlignment {
    private final double slope;

    AlibiAlignment(Alignment inner, double slope) {
        super(inner);
        this.slope = slope;
    }

    /**
     * The slope of head {@code head} (0-based) of {@code heads}: {@code 2^(−8(head + 1)/heads)}, the
     * paper's geometric sequence for every head count (the paper interleaves two sequences when the
     * count is not a power of two; we do not). A single head has slope {@code 2^−8}.
     */
    static double slope(int head, int heads) {
        return Math.pow(2, -8.0 * (head + 1) / heads);
    }

    double slope() {
        return slope;
    }

    @Override
    Tensor shift(Tensor s) {
        Tensor.Builder out = Tensor.builder(s.dtype(), s.shape());
        for (int b = 0; b < s.batchSize(); b++) {
            for (int i = 0; i < s.rows(); i++) {
                for (int j = 0; j < s.cols(); j++) {
                    out.set(b, i, j, s.get(b, i, j) - slope * Math.abs(i - j));
                }
            }
        }
        return out.build();
    }

    @Override
    Alignment around(Alignment other) {
        return new AlibiAlignment(other, slope);
    }

    @Override
    public String toString() {
        return "alibi(" + inner() + ", slope " + slope + ")";
    }

    /** The bias −slope·|i − j| reads the query's and key's indices: rows depend on their position. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(inner().independence());
    }
}
