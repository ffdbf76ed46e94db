package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * Monotonic chunkwise attention at test time (MoChA, Chiu and Raffel 2018):
 * <pre>
 *   t_i      = the hard monotonic position ({@link MonotonicScan}), energy a(K_j, Q_i) + offset
 *   w_i      = f(a(K, Q_i)) over keys t_i − chunk < j ≤ t_i only     weights [batch…, n, m]
 *   output_i = Σ_j w_ij V_j, or 0 when no key fires                  output  [batch…, n, d_v]
 *   positions[b, i, 0] = t_i, or −1                                  [batch…, n, 1]
 * </pre>
 * The paper scores the chunk with a second energy function; here the configured alignment scores both
 * the monotonic decision (plus {@code offset}) and the chunk, and the configured distribution weighs
 * the chunk. Inputs as for global attention.
 *
 * <p>Backward holds the positions constant and differentiates the chunk's soft attention (queries,
 * keys, values and parameters get gradients through it). The expected, soft alignment used to train
 * MoChA is not implemented. Immutable and thread-safe.
 */
final class MochaVariant extends MaskedQkvVariant {
    private static final String NAME = "mocha attention";

    private final double offset;
    private final int chunk;

    MochaVariant(Alignment alignment, Distribution distribution, double offset, int chunk) {
        this(new Components(alignment, distribution), offset, chunk);
    }

    private MochaVariant(Components components, double offset, int chunk) {
        super(NAME, components);
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be ≥ 1, got " + chunk);
        }
        this.offset = offset;
        this.chunk = chunk;
    }

    @Override
    MochaVariant with(Components c) {
        return new MochaVariant(c, offset, chunk);
    }

    @Override
    public String toString() {
        return "MochaVariant(offset=" + offset + ", chunk=" + chunk + ", " + components + ")";
    }

    /** Scores, positions, the chunk mask and the soft attention over it; backward holds the positions constant. */
    @Override
    Pass pass(QkvBinding in) {
        Tensor scores = Attend.scores(components.alignment(), in.queries, in.keys);
        int[][] t = MonotonicScan.positions(scores, offset, in);
        Mask mask = MonotonicScan.chunks(t, chunk);
        Tensor w = Attend.weights(components.distribution(), scores, mask);
        return new Pass(in.keys, in.rawValues, mask, components.distribution(),
                new Attend.Forward(scores, w, Attend.weightedSum(w, in.values, mask)),
                Map.of(HardVariant.POSITIONS, MonotonicScan.tensor(t, in.queries)));
    }

    /** Each query's position continues from the previous query's: batch entries independent, rows not. */
    @Override
    Independence ownIndependence() {
        return Independence.BATCH_ENTRIES;
    }
}
