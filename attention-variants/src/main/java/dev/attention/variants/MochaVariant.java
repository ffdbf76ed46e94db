package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.Map;

/**
 * Monotonic chunkwise attention (MoChA, Chiu and Raffel 2018): trained with the expected chunk
 * weights β, decoded hard. Which pass runs is {@link MonotonicTraining}'s choice ({@code mode: auto}:
 * soft when fitting, hard otherwise). The soft pass is {@link ExpectedAttention} with weights β. The
 * hard pass:
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
 * keys, values and parameters get gradients through it, not through the positions). Immutable and
 * thread-safe.
 */
final class MochaVariant extends MaskedQkvVariant {
    private static final String NAME = "mocha attention";

    private final double offset;
    private final int chunk;
    private final MonotonicTraining training;

    MochaVariant(Alignment alignment, Distribution distribution, double offset, int chunk, MonotonicTraining training) {
        this(new Components(alignment, distribution), offset, chunk, training);
    }

    private MochaVariant(Components components, double offset, int chunk, MonotonicTraining training) {
        super(NAME, components);
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be ≥ 1, got " + chunk);
        }
        this.offset = offset;
        this.chunk = chunk;
        this.training = training;
    }

    @Override
    MochaVariant with(Components c) {
        return new MochaVariant(c, offset, chunk, training);
    }

    @Override
    public String toString() {
        return "MochaVariant(offset=" + offset + ", chunk=" + chunk + ", " + training + ", " + components + ")";
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        return training.soft(inputs)
                ? new ExpectedAttention(components, offset, chunk).forward(QkvBinding.of(inputs), training.noise(inputs))
                : super.forward(inputs);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        if (!training.soft(inputs)) {
            return super.backward(inputs, result, resultGradients);
        }
        ResultGradients given = ResultGradients.check(NAME, result, resultGradients);
        return new ExpectedAttention(components, offset, chunk).backward(QkvBinding.of(inputs), training.noise(inputs),
                given);
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

    /** As {@link MonotonicVariant}: batch entries independent unless noise is drawn. */
    @Override
    Independence ownIndependence() {
        return training.drawsNoise() ? Independence.NONE : Independence.BATCH_ENTRIES;
    }
}
