package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;
import java.util.Map;

/**
 * Multi-dimensional (feature-wise) attention, DiSAN (Shen et al. 2018): every feature {@code c} of
 * the values has its own weights over the keys,
 * <pre>
 *   s_ijc          = [W σ(W_1 q_i + W_2 k_j + b_1) + b]_c        (see {@link FeatureScores})
 *   w_·jc          = f(s_·jc) over the keys j, per query i and feature c
 *   output[i, c]   = Σ_j w_ijc · v_jc
 * </pre>
 * so {@code weights} have one more dimension than usual: {@code [batch…, n, m, d_v]} (slice
 * {@code [..., c]} is the ordinary weight matrix of feature c). The variant computes its own scores:
 * the configured alignment is not used. Inputs as {@code self} ({@code sequence}) or {@code cross}
 * ({@code queries}, {@code keys}, {@code values}); padding on both sides and {@code causal} masks as
 * there. Each real row of every feature sums to 1 with a normalising distribution.
 *
 * <p>Parameters: {@code variant.W_1, W_2, b_1, W, b}, then {@code distribution.*} (one distribution
 * for all features). Immutable and thread-safe.
 */
final class MultidimensionalVariant implements Variant {
    static final String HIDDEN = "hidden";
    static final String ACTIVATION = "activation";
    static final String ID = "multidimensional";

    private final InputKind kind;
    private final boolean causal;
    private final FeatureScores scores;
    private final Distribution distribution;

    MultidimensionalVariant(InputKind kind, boolean causal, FeatureScores scores, Distribution distribution) {
        this.kind = kind;
        this.causal = causal;
        this.scores = scores;
        this.distribution = distribution;
    }

    @Override
    public List<InputSpec> inputs() {
        return kind.specs();
    }

    /** Scores and weights per feature. */
    private record Pass(InputKind.Sources sources, Mask mask, Tensor[] scores, Tensor[] weights) {
    }

    private Pass run(AttentionInputs inputs) {
        InputKind.Sources s = kind.read(inputs);
        if (s.values().cols() != scores.features()) {
            throw new ShapeException(kind.valuesName() + " have width " + s.values().cols()
                    + " but the feature scores were sized for " + scores.features());
        }
        Mask mask = s.padding().and(PositionMasks.order(causal, 0));
        Tensor[] sc = scores.scores(s.queries(), s.keys());
        Tensor[] w = new Tensor[sc.length];
        for (int c = 0; c < sc.length; c++) {
            w[c] = distribution.weights(sc[c], mask);
            Attend.requireShape("distribution weights", w[c], sc[c].shape());
        }
        return new Pass(s, mask, sc, w);
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Pass p = run(inputs);
        Tensor v = p.sources().values();
        Tensor first = p.weights()[0];
        int dv = p.weights().length;
        Tensor.Builder out = Tensor.builder(v.dtype(), perQuery(p, dv));
        for (int b = 0; b < first.batchSize(); b++) {
            for (int i = 0; i < first.rows(); i++) {
                for (int c = 0; c < dv; c++) {
                    double acc = 0;
                    for (int j = 0; j < first.cols(); j++) {
                        if (p.mask().allows(b, i, j)) {
                            acc += p.weights()[c].get(b, i, j) * v.get(b, j, c);
                        }
                    }
                    out.set(b, i, c, acc);
                }
            }
        }
        return AttentionResult.of(out.build(), featureWeights(p.weights()));
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients.requireOutputAndWeights(ID, resultGradients);
        Pass p = run(inputs);
        int dv = p.weights().length;
        Tensor first = p.weights()[0];
        ResultGradients given = ResultGradients.read(ID, resultGradients, perQuery(p, dv), weightsShape(first, dv));
        Tensor v = p.sources().values();
        Tensor.Builder dV = Tensor.builder(v.dtype(), v.shape());
        Tensor[] dScores = new Tensor[dv];
        Parameters distributionGradients = null;
        for (int c = 0; c < dv; c++) {
            Tensor.Builder dW = Tensor.builder(first.dtype(), first.shape());
            for (int b = 0; b < first.batchSize(); b++) {
                for (int i = 0; i < first.rows(); i++) {
                    for (int j = 0; j < first.cols(); j++) {
                        if (!p.mask().allows(b, i, j)) {
                            continue;
                        }
                        double g = given.weights() == null ? 0
                                : given.weights().at(((b * first.rows() + i) * first.cols() + j) * dv + c);
                        if (given.output() != null) {
                            double d = given.output().get(b, i, c);
                            g += d * v.get(b, j, c);
                            dV.add(v.index(b, j, c), p.weights()[c].get(b, i, j) * d);
                        }
                        dW.set(b, i, j, g);
                    }
                }
            }
            DistributionGradients dd = distribution.backward(p.scores()[c], p.mask(), p.weights()[c], dW.build());
            dScores[c] = dd.scores();
            distributionGradients = distributionGradients == null ? dd.parameters()
                    : ParameterSums.sum(distributionGradients, dd.parameters());
        }
        FeatureScores.Gradients g = scores.backward(p.sources().queries(), p.sources().keys(), dScores, p.mask());
        return new VariantGradients(kind.gradients(p.sources(), g.queries(), g.keys(), dV.build()),
                QualifiedParameters.ownFirst(g.parameters(), Parameters.empty(), distributionGradients));
    }

    @Override
    public Parameters parameters() {
        return QualifiedParameters.ownFirst(scores.parameters(), Parameters.empty(), distribution.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        QualifiedParameters.requireKnown(ID + " attention", parameters(), parameters);
        if (parameters.isEmpty()) {
            return this;
        }
        return new MultidimensionalVariant(kind, causal,
                scores.withParameters(parameters.withoutPrefix(QualifiedParameters.VARIANT)),
                QualifiedParameters.distribution(distribution, parameters));
    }

    @Override
    public String toString() {
        return "MultidimensionalVariant(" + kind.id() + ", " + scores.activation() + (causal ? ", causal" : "")
                + ", " + distribution + ")";
    }

    private static int[] perQuery(Pass p, int dv) {
        int[] s = p.sources().queries().shape();
        s[s.length - 1] = dv;
        return s;
    }

    private static int[] weightsShape(Tensor perFeature, int dv) {
        int[] s = perFeature.shape();
        int[] out = java.util.Arrays.copyOf(s, s.length + 1);
        out[s.length] = dv;
        return out;
    }

    /** Per-feature {@code [batch…, n, m]} weights → {@code [batch…, n, m, d_v]}. */
    private static Tensor featureWeights(Tensor[] perFeature) {
        Tensor first = perFeature[0];
        int dv = perFeature.length;
        Tensor.Builder out = Tensor.builder(first.dtype(), weightsShape(first, dv));
        for (int k = 0; k < first.size(); k++) {
            for (int c = 0; c < dv; c++) {
                out.set(k * dv + c, perFeature[c].at(k));
            }
        }
        return out.build();
    }

    /** Cross without causal: rows independent; a sequence attending to itself or causal masks: batch entries only. */
    @Override
    public Independence independence() {
        return (kind == InputKind.SELF || causal ? Independence.BATCH_ENTRIES : Independence.ALL)
                .and(distribution.independence());
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            InputKind.spec(),
            ParameterSpec.intParam(HIDDEN).defaultValue(0).atLeast(0)
                    .doc("width d_h of σ(W_1 q + W_2 k + b_1); 0 means d_v, the values' width (DiSAN's choice)"),
            ParameterSpec.stringParam(ACTIVATION).defaultValue("elu").choices("elu", "tanh")
                    .doc("σ in the score W σ(W_1 q + W_2 k + b_1) + b; DiSAN uses ELU"),
            OrderSettings.causal());

    /**
     * Draws W_1, W_2 and W Xavier-uniform, each from its own random stream; b_1 and b start at zero.
     *
     * @throws ConfigException (no key) when an input's width is unknown
     */
    static Variant create(PluginContext context) {
        InputKind kind = InputKind.of(context);
        InputKind.Widths widths = kind.widths(context);
        int dq = widths.queries();
        int dk = widths.keys();
        int dv = widths.values();
        int hidden = context.getInt(HIDDEN) == 0 ? dv : context.getInt(HIDDEN);
        FeatureScores scores = new FeatureScores(
                LinearMaps.xavierUniform(context.random("W_1"), context.dtype(), hidden, dq),
                LinearMaps.xavierUniform(context.random("W_2"), context.dtype(), hidden, dk),
                Tensor.zeros(context.dtype(), 1, hidden),
                LinearMaps.xavierUniform(context.random("W"), context.dtype(), dv, hidden),
                Tensor.zeros(context.dtype(), 1, dv),
                FeatureScores.Activation.fromId(context.getString(ACTIVATION)));
        return new MultidimensionalVariant(kind, context.getBoolean(OrderSettings.CAUSAL), scores,
                context.distribution());
    }
}
