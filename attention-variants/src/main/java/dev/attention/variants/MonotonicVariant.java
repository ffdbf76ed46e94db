package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.Map;

/**
 * Hard monotonic attention at test time (Raffel et al. 2017):
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
 * piecewise constant). Training monotonic attention needs the expected, soft form of the paper, which
 * is not implemented. Immutable and thread-safe.
 */
final class MonotonicVariant extends MaskedQkvVariant {
    private static final String NAME = "monotonic attention";

    private final double offset;

    MonotonicVariant(Alignment alignment, Distribution distribution, double offset) {
        this(new Components(alignment, distribution), offset);
    }

    private MonotonicVariant(Components components, double offset) {
        super(NAME, components);
        this.offset = offset;
    }

    @Override
    MonotonicVariant with(Components c) {
        return new MonotonicVariant(c, offset);
    }

    @Override
    public String toString() {
        return "MonotonicVariant(offset=" + offset + ", " + components.alignment() + ")";
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

    /** Each query's position continues from the previous query's: batch entries independent, rows not. */
    @Override
    Independence ownIndependence() {
        return Independence.BATCH_ENTRIES;
    }
}
