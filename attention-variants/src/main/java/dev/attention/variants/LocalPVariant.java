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
import java.util.Objects;

/**
 * Local attention with predictive alignment (local-p, Luong et al. 2015): each query predicts
 * where to look and attends to a window there, damped by a Gaussian,
 * <pre>
 *   p_i      = S · sigmoid(v_pᵀ tanh(W_p Q_i))         centres [batch…, n, 1]
 *   c_i      = round(p_i) (halves up), clamped to 0 … S − 1
 *   W_i      = { j : |j − c_i| ≤ D, j a real key }
 *   ω_ij     = f(a(K_j, Q_i))_{j∈W_i} · exp(−(j − p_i)² / (2σ²)),  σ = D / 2     weights [batch…, n, m]
 *   output_i = Σ_{j∈W_i} ω_ij · V_j                                             output  [batch…, n, d_v]
 * </pre>
 * with {@code S} the number of real keys of the batch element, and learnable
 * {@code variant.W_p [hidden, d_q]}, {@code variant.v_p [1, hidden]}. The distribution is taken over
 * the window and then multiplied by the Gaussian, <em>not</em> renormalised, as in the paper: weight
 * rows sum to less than 1 (to 1 only when the Gaussian factors on the window are all 1). Rows of
 * padded queries and batch elements without real keys are zero. Inputs as for global attention
 * ({@link QkvBinding}).
 *
 * <p>Backward flows through the distribution and alignment as usual and through {@code p_i} (via
 * the Gaussian) into {@code v_p}, {@code W_p} and the queries; the window {@code W_i} is held
 * constant (it changes only where {@code p_i} crosses a half-integer). A gradient given for
 * {@code centres} is added to the one through the Gaussian. Immutable and thread-safe.
 */
final class LocalPVariant implements Variant {
    static final String CENTRES = "centres";
    private static final String NAME = "local-p attention";

    private final Components components;
    private final PositionPredictor predictor;
    private final int window;

    LocalPVariant(Alignment alignment, Distribution distribution, PositionPredictor predictor, int window) {
        this(new Components(alignment, distribution), predictor, window);
    }

    private LocalPVariant(Components components, PositionPredictor predictor, int window) {
        this.components = components;
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        if (window < 1) {
            throw new IllegalArgumentException("window must be ≥ 1 (σ = window / 2 > 0), got " + window);
        }
        this.window = window;
    }

    @Override
    public List<InputSpec> inputs() {
        return QkvBinding.INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Pass p = pass(QkvBinding.of(inputs));
        return NamedResults.of(p.forward().output(), p.forward().weights(), CENTRES, p.centres());
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients given = ResultGradients.check(NAME, result, resultGradients);
        QkvBinding in = QkvBinding.of(inputs);
        Pass p = pass(in);
        Attend.Backward g = Attend.backward(components.alignment(), p.gaussian(), in.queries, in.keys, in.rawValues, p.mask(),
                p.forward(), given.output(), given.weights());
        // The Gaussian window hands back dL/dp as a parameter gradient; it flows on into the predictor.
        Tensor dCentres = g.distribution().get(GaussianWindow.CENTRES);
        Tensor givenCentres = resultGradients.get(CENTRES);
        PositionPredictor.Gradients pg = predictor.backward(in,
                givenCentres == null ? dCentres : TensorSums.sum(dCentres, givenCentres));
        return QkvBinding.gradients(TensorSums.sum(g.queries(), pg.queries()), g.keys(), g.values(),
                QualifiedParameters.ownLast(g.alignment(), g.distribution().withoutPrefix(GaussianWindow.INNER),
                        pg.parameters()));
    }

    /** {@code alignment.*}, {@code distribution.*}, then {@code variant.W_p} and {@code variant.v_p}. */
    @Override
    public Parameters parameters() {
        return components.parameters(predictor.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        QualifiedParameters.requireKnown(NAME, parameters(), parameters);
        if (parameters.isEmpty()) {
            return this;
        }
        return new LocalPVariant(components.with(parameters),
                predictor.with(parameters.withoutPrefix(QualifiedParameters.VARIANT)), window);
    }

    @Override
    public String toString() {
        return "LocalPVariant(window=" + window + ", " + components + ")";
    }

    /** Centres, window, Gaussian and the shared forward computation. */
    private Pass pass(QkvBinding in) {
        Tensor centres = predictor.centres(in);
        int n = in.queries.rows();
        int[] rounded = new int[in.queries.batchSize() * n];
        for (int b = 0; b < in.queries.batchSize(); b++) {
            for (int i = 0; i < n; i++) {
                rounded[b * n + i] = in.realQuery(b, i) ? centre(centres.get(b, i, 0), in.realKeys(b)) : -1;
            }
        }
        Mask mask = in.padding.and(PositionMasks.around(rounded, n, window));
        GaussianWindow gaussian = new GaussianWindow(components.distribution(), centres, window / 2.0);
        Attend.Forward f = Attend.forward(components.alignment(), gaussian, in.queries, in.keys, in.values, mask);
        return new Pass(centres, mask, gaussian, f);
    }

    /**
     * The key index a real-valued position {@code p} is rounded to, {@code round(p)} (halves up),
     * clamped to the real keys {@code 0 … realKeys − 1}; −1 when there is no real key.
     */
    private static int centre(double p, int realKeys) {
        if (realKeys <= 0) {
            return -1;
        }
        return (int) Math.max(0, Math.min(realKeys - 1, Math.floor(p + 0.5)));
    }

    private record Pass(Tensor centres, Mask mask, GaussianWindow gaussian, Attend.Forward forward) {
    }

    /** The window's centre is predicted from the query alone: rows independent, as far as the components are. */
    @Override
    public Independence independence() {
        return Independence.ALL.and(components.alignment().independence().and(components.distribution().independence()));
    }
}
