package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.Map;

/**
 * Monotonic attention (Raffel et al. 2017): trained with the expected alignment, decoded hard.
 * Which pass runs is {@link MonotonicTraining}'s choice ({@code mode: auto}: soft when fitting, hard
 * otherwise). The soft pass is {@link ExpectedAttention} with weights α. The hard pass:
 * <pre>
 *   t_i      = first j ≥ t_{i−1} with a(K_j, Q_i) + offset ≥ 0     ({@link MonotonicScan})
 *   weights  = one-hot at t_i, zero row when no key fires           [batch…, n, m]
 *   output_i = V_{t_i}, or 0                                        [batch…, n, d_v]
 *   positions[b, i, 0] = t_i, or −1                                 [batch…, n, 1]
 * </pre>
 * Inputs as for global attention. The distribution is not used: the choice is the weight.
 *
 * <p>Backward differentiates the test-time computation with the positions held constant: values get
 * the output's gradient at the chosen rows, queries, keys and parameters get zero (the hard choice is
 * piecewise constant), which is why fitting uses the soft pass. Immutable and thread-safe.
 */
final class MonotonicVariant extends MaskedQkvVariant {
    private static final String NAME = "monotonic attention";

    private final double offset;
    private final MonotonicTraining training;

    MonotonicVariant(Alignment alignment, Distribution distribution, double offset, MonotonicTraining training) {
        this(new Components(alignment, distribution), offset, training);
    }

    private MonotonicVariant(Components components, double offset, MonotonicTraining training) {
        super(NAME, components);
        this.offset = offset;
        this.training = training;
    }

    @Override
    MonotonicVariant with(Components c) {
        return new MonotonicVariant(c, offset, training);
    }

    @Override
    public String toString() {
        return "MonotonicVariant(offset=" + offset + ", " + training + ", " + components.alignment() + ")";
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        return training.soft(inputs)
                ? new ExpectedAttention(components, offset, 0).forward(QkvBinding.of(inputs), training.noise(inputs))
                : super.forward(inputs);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        if (!training.soft(inputs)) {
            return super.backward(inputs, result, resultGradients);
        }
        ResultGradients given = ResultGradients.check(NAME, result, resultGradients);
        return new ExpectedAttention(components, offset, 0).backward(QkvBinding.of(inputs), training.noise(inputs), given);
    }

    /**
     * The chosen key of every query as its only allowed position, with weight exactly 1 and its value
     * copied (no sum, so the output is the value to the bit). The distribution is not used.
     */
    @Override
    Pass pass(QkvBinding in) {
        Tensor scores = Attend.scores(components.alignment(), in.queries, in.keys);
        int[][] t = MonotonicScan.positions(scores, offset, in);
        Tensor.Builder w = Tensor.builder(in.queries.dtype(), in.perQuery(in.keys.rows()));
        Tensor.Builder out = Tensor.builder(in.queries.dtype(), in.perQuery(in.values.cols()));
        for (int b = 0; b < t.length; b++) {
            for (int i = 0; i < t[b].length; i++) {
                if (t[b][i] < 0) {
                    continue;
                }
                w.set(b, i, t[b][i], 1);
                for (int c = 0; c < in.values.cols(); c++) {
                    out.set(b, i, c, in.values.get(b, t[b][i], c));
                }
            }
        }
        return new Pass(in.keys, in.rawValues, MonotonicScan.chunks(t, 1), components.distribution(),
                new Attend.Forward(scores, w.build(), out.build()),
                Map.of(HardVariant.POSITIONS, MonotonicScan.tensor(t, in.queries)));
    }

    /**
     * With the positions held constant the weights are constants: values get the output's gradient at
     * the chosen rows; queries, keys and parameters get zero (not the distribution's backward, which
     * the weights never went through).
     */
    @Override
    VariantGradients backward(QkvBinding in, AttentionResult result, ResultGradients given) {
        int[][] t = MonotonicScan.positions(Attend.scores(components.alignment(), in.queries, in.keys), offset, in);
        Tensor dOut = given.output();
        Tensor.Builder dV = Tensor.builder(in.queries.dtype(), in.values.shape());
        if (dOut != null) {
            for (int b = 0; b < t.length; b++) {
                for (int i = 0; i < t[b].length; i++) {
                    for (int c = 0; t[b][i] >= 0 && c < in.values.cols(); c++) {
                        dV.add(in.values.index(b, t[b][i], c), dOut.get(b, i, c));
                    }
                }
            }
        }
        return new VariantGradients(Map.of(
                QkvBinding.QUERIES, Tensor.zeros(in.queries.dtype(), in.queries.shape()),
                QkvBinding.KEYS, Tensor.zeros(in.keys.dtype(), in.keys.shape()),
                QkvBinding.VALUES, dV.build().to(in.rawValues.dtype())),
                parameters().map((n, p) -> Tensor.zeros(p.dtype(), p.shape())));
    }

    /**
     * Each query's position continues from the previous query's: batch entries independent, rows not;
     * with noise, not even batch entries (it is hashed from their positions).
     */
    @Override
    Independence ownIndependence() {
        return training.drawsNoise() ? Independence.NONE : Independence.BATCH_ENTRIES;
    }
}
