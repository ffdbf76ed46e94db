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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alternating co-attention (Lu et al. 2016): three {@link GuidedSummary} steps,
 * <pre>
 *   1. ŝ = summary of b, no guide            weights_b0 [batch…, 1, m], summary_b0 [batch…, 1, d_b]
 *   2. â = summary of a guided by ŝ          weights    [batch…, 1, n], output     [batch…, 1, d_a]
 *   3. b̂ = summary of b guided by â          weights_b  [batch…, 1, m], output_b   [batch…, 1, d_b]
 * </pre>
 * The paper writes one {@code W_x, W_g, w_hx} for all steps; the operands differ in width
 * ({@code d_a} vs {@code d_b}), so each step learns its own: {@code W_x1 [k, d_b]}, {@code w1 [1, k]};
 * {@code W_x2 [k, d_a]}, {@code W_g2 [k, d_b]}, {@code w2}; {@code W_x3 [k, d_b]}, {@code W_g3 [k, d_a]},
 * {@code w3}. The alignment and distribution are shared by the steps. Immutable and thread-safe.
 */
final class AlternatingCoAttention implements Variant {
    static final String SUMMARY_B0 = "summary_b0";
    static final String WEIGHTS_B0 = "weights_b0";

    private final Alignment alignment;
    private final Distribution distribution;
    private final GuidedSummary first;
    private final GuidedSummary second;
    private final GuidedSummary third;

    AlternatingCoAttention(Alignment alignment, Distribution distribution, GuidedSummary first, GuidedSummary second,
            GuidedSummary third) {
        this.alignment = alignment;
        this.distribution = distribution;
        this.first = first;
        this.second = second;
        this.third = third;
    }

    private record Passes(GuidedSummary.Pass first, GuidedSummary.Pass second, GuidedSummary.Pass third) {
    }

    @Override
    public List<InputSpec> inputs() {
        return CoAttentionInputs.INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Passes p = passes(CoAttentionInputs.of(inputs));
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(AttentionResult.OUTPUT, p.second().attention().output());
        out.put(AttentionResult.WEIGHTS, p.second().attention().weights());
        out.put(ParallelCoAttention.OUTPUT_B, p.third().attention().output());
        out.put(ParallelCoAttention.WEIGHTS_B, p.third().attention().weights());
        out.put(SUMMARY_B0, p.first().attention().output());
        out.put(WEIGHTS_B0, p.first().attention().weights());
        return AttentionResult.of(out);
    }

    private Passes passes(CoAttentionInputs in) {
        GuidedSummary.Pass s = first.forward(alignment, distribution, in.b(), in.maskB(), null);
        GuidedSummary.Pass a = second.forward(alignment, distribution, in.a(), in.maskA(), s.attention().output());
        GuidedSummary.Pass b = third.forward(alignment, distribution, in.b(), in.maskB(), a.attention().output());
        return new Passes(s, a, b);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients given = ResultGradients.check("co-attention", result, resultGradients);
        CoAttentionInputs in = CoAttentionInputs.of(inputs);
        Passes p = passes(in);
        Tensor summaryA = p.second().attention().output();
        Tensor summaryB0 = p.first().attention().output();
        GuidedSummary.Gradients g3 = third.backward(alignment, distribution, in.b(), in.maskB(), summaryA, p.third(),
                resultGradients.get(ParallelCoAttention.OUTPUT_B), resultGradients.get(ParallelCoAttention.WEIGHTS_B));
        // â is both a result and the third step's guide.
        Tensor dA = given.output() == null ? g3.guide() : TensorSums.sum(g3.guide(), given.output().to(g3.guide().dtype()));
        GuidedSummary.Gradients g2 = second.backward(alignment, distribution, in.a(), in.maskA(), summaryB0, p.second(),
                dA, given.weights());
        Tensor dS = resultGradients.get(SUMMARY_B0);
        dS = dS == null ? g2.guide() : TensorSums.sum(g2.guide(), dS.to(g2.guide().dtype()));
        GuidedSummary.Gradients g1 = first.backward(alignment, distribution, in.b(), in.maskB(), null, p.first(), dS,
                resultGradients.get(WEIGHTS_B0));
        Map<String, Tensor> inputGradients = new LinkedHashMap<>();
        inputGradients.put(CoAttentionInputs.A, g2.x().to(inputs.tensor(CoAttentionInputs.A).dtype()));
        inputGradients.put(CoAttentionInputs.B, TensorSums.sum(g1.x(), g3.x())
                .to(inputs.tensor(CoAttentionInputs.B).dtype()));
        return new VariantGradients(inputGradients, QualifiedParameters.ownFirst(
                g1.own().concat(g2.own()).concat(g3.own()),
                ParameterSums.sum(g1.alignment(), g2.alignment(), g3.alignment()),
                ParameterSums.sum(g1.distribution(), g2.distribution(), g3.distribution())));
    }

    @Override
    public Parameters parameters() {
        return QualifiedParameters.ownFirst(first.named().concat(second.named()).concat(third.named()),
                alignment.parameters(), distribution.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        if (parameters.isEmpty()) {
            return this;
        }
        QualifiedParameters.requireKnown("co-attention", parameters(), parameters);
        Parameters local = parameters.withoutPrefix(QualifiedParameters.VARIANT);
        return new AlternatingCoAttention(QualifiedParameters.alignment(alignment, parameters),
                QualifiedParameters.distribution(distribution, parameters), first.with(local), second.with(local),
                third.with(local));
    }

    @Override
    public String toString() {
        return "AlternatingCoAttention(" + alignment + ", " + distribution + ", k = " + first.w().cols() + ")";
    }

    /** Each batch entry is one sequence (or pair): batch entries independent, rows not. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(alignment.independence()).and(distribution.independence());
    }
}
