package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import java.util.List;
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
final class MochaVariant implements Variant {
    private static final String NAME = "mocha attention";

    private final Components components;
    private final double offset;
    private final int chunk;

    MochaVariant(Alignment alignment, Distribution distribution, double offset, int chunk) {
        this(new Components(alignment, distribution), offset, chunk);
    }

    private MochaVariant(Components components, double offset, int chunk) {
        this.components = components;
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be ≥ 1, got " + chunk);
        }
        this.offset = offset;
        this.chunk = chunk;
    }

    @Override
    public List<InputSpec> inputs() {
        return QkvBinding.INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Pass p = pass(QkvBinding.of(inputs));
        return NamedResults.of(p.forward.output(), p.forward.weights(), HardVariant.POSITIONS, p.positions);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients given = ResultGradients.check(NAME, result, resultGradients);
        QkvBinding in = QkvBinding.of(inputs);
        Pass p = pass(in);
        return components.backward(in, p.mask, p.forward, given);
    }

    @Override
    public Parameters parameters() {
        return components.parameters();
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        Components c = components.withParameters(parameters, NAME);
        return c == components ? this : new MochaVariant(c, offset, chunk);
    }

    @Override
    public String toString() {
        return "MochaVariant(offset=" + offset + ", chunk=" + chunk + ", " + components + ")";
    }

    /** Scores, positions, the chunk mask and the soft attention over it. */
    private Pass pass(QkvBinding in) {
        Tensor scores = Attend.scores(components.alignment(), in.queries, in.keys);
        int[][] t = MonotonicScan.positions(scores, offset, in);
        Mask mask = MonotonicScan.chunks(t, chunk);
        Tensor w = components.distribution().weights(scores, mask);
        Attend.requireShape("distribution weights", w, scores.shape());
        return new Pass(new Attend.Forward(scores, w, Attend.weightedSum(w, in.values, mask)), mask,
                MonotonicScan.tensor(t, in.queries));
    }

    private record Pass(Attend.Forward forward, Mask mask, Tensor positions) {
    }

    /** Each query's position continues from the previous query's: batch entries independent, rows not. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(components.alignment().independence().and(components.distribution().independence()));
    }
}
