package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import java.util.List;
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
final class MonotonicVariant implements Variant {
    private static final String NAME = "monotonic attention";

    private final Components components;
    private final double offset;

    MonotonicVariant(Alignment alignment, Distribution distribution, double offset) {
        this(new Components(alignment, distribution), offset);
    }

    private MonotonicVariant(Components components, double offset) {
        this.components = components;
        this.offset = offset;
    }

    @Override
    public List<InputSpec> inputs() {
        return QkvBinding.INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        QkvBinding in = QkvBinding.of(inputs);
        int[][] t = positions(in);
        int[] wShape = in.perQuery(in.keys.rows());
        Tensor.Builder w = Tensor.builder(in.queries.dtype(), wShape);
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
        return NamedResults.of(out.build(), w.build(), HardVariant.POSITIONS, MonotonicScan.tensor(t, in.queries));
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients.check(NAME, result, resultGradients);
        QkvBinding in = QkvBinding.of(inputs);
        int[][] t = positions(in);
        Tensor dOut = resultGradients.get(AttentionResult.OUTPUT);
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

    @Override
    public Parameters parameters() {
        return components.parameters();
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        Components c = components.withParameters(parameters, NAME);
        return c == components ? this : new MonotonicVariant(c, offset);
    }

    @Override
    public String toString() {
        return "MonotonicVariant(offset=" + offset + ", " + components.alignment() + ")";
    }

    /** The chosen key of every query: what forward returns and backward holds constant. */
    private int[][] positions(QkvBinding in) {
        return MonotonicScan.positions(Attend.scores(components.alignment(), in.queries, in.keys), offset, in);
    }

    /** Each query's position continues from the previous query's: batch entries independent, rows not. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(components.alignment().independence().and(components.distribution().independence()));
    }
}
