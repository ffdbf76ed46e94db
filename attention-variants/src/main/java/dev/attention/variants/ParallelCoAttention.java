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
 * Parallel co-attention (Lu et al. 2016): each sequence attends with the other's help, at once.
 * With {@code A [batch…, n, d_a]} and {@code B [batch…, m, d_b]}:
 * <pre>
 *   C   = tanh(A W_c Bᵀ)                     affinity [batch…, n, m]; W_c [d_a, d_b]
 *   H_a = tanh(A W_aᵀ + C (B W_bᵀ))          [batch…, n, k];  W_a [k, d_a]
 *   H_b = tanh(B W_bᵀ + Cᵀ (A W_aᵀ))         [batch…, m, k];  W_b [k, d_b]
 *   weights   = f(a(H_a, w_a)),  output   = Σ_i weights_i A_i     [batch…, 1, n], [batch…, 1, d_a]
 *   weights_b = f(a(H_b, w_b)),  output_b = Σ_j weights_b_j B_j   [batch…, 1, m], [batch…, 1, d_b]
 * </pre>
 * {@code w_a}, {@code w_b [1, k]} are learned queries and {@code a}, {@code f} the configured
 * alignment and distribution (shared by both sides); with {@code dot} and {@code softmax} this is
 * the paper's {@code softmax(H w)}. Affinities touching padding are 0, so padding never reaches the
 * other side; padded rows get weight 0. The extra result {@code affinity} is {@code C}.
 * Parameters: {@code variant.W_c}, {@code W_a}, {@code W_b}, {@code w_a}, {@code w_b}, then
 * {@code alignment.*}, {@code distribution.*}. Immutable and thread-safe.
 */
final class ParallelCoAttention implements Variant {
    static final String OUTPUT_B = "output_b";
    static final String WEIGHTS_B = "weights_b";
    static final String AFFINITY = "affinity";

    /** The learned tensors, named as in the class comment. */
    record Weights(Tensor wc, Tensor wa, Tensor wb, Tensor ua, Tensor ub) {
        Parameters named() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("W_c", wc);
            m.put("W_a", wa);
            m.put("W_b", wb);
            m.put("w_a", ua);
            m.put("w_b", ub);
            return Parameters.of(m);
        }

        Weights with(Parameters local) {
            return new Weights(QualifiedParameters.replace(local, "W_c", wc), QualifiedParameters.replace(local, "W_a", wa),
                    QualifiedParameters.replace(local, "W_b", wb), QualifiedParameters.replace(local, "w_a", ua),
                    QualifiedParameters.replace(local, "w_b", ub));
        }
    }

    /** Every forward intermediate backward needs. */
    private record Pass(CoAttentionInputs in, Tensor aw, Tensor bw, Tensor c, Tensor ha, Tensor hb, Tensor qa,
            Tensor qb, Attend.Forward sideA, Attend.Forward sideB) {
    }

    private final Alignment alignment;
    private final Distribution distribution;
    private final Weights weights;

    ParallelCoAttention(Alignment alignment, Distribution distribution, Weights weights) {
        this.alignment = alignment;
        this.distribution = distribution;
        this.weights = weights;
    }

    @Override
    public List<InputSpec> inputs() {
        return CoAttentionInputs.INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Pass p = pass(CoAttentionInputs.of(inputs));
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(AttentionResult.OUTPUT, p.sideA().output());
        out.put(AttentionResult.WEIGHTS, p.sideA().weights());
        out.put(OUTPUT_B, p.sideB().output());
        out.put(WEIGHTS_B, p.sideB().weights());
        out.put(AFFINITY, p.c());
        return AttentionResult.of(out);
    }

    private Pass pass(CoAttentionInputs in) {
        Tensor aw = LinearMaps.apply("a", in.a(), weights.wa(), null);
        Tensor bw = LinearMaps.apply("b", in.b(), weights.wb(), null);
        Tensor c = realOnly(in, BatchMatrices.tanh(BatchMatrices.timesTransposed(
                BatchMatrices.timesShared(in.a(), weights.wc()), in.b())));
        Tensor ha = BatchMatrices.tanh(TensorSums.sum(aw, BatchMatrices.times(c, bw)));
        Tensor hb = BatchMatrices.tanh(TensorSums.sum(bw, BatchMatrices.transposedTimes(c, aw)));
        Tensor qa = ContextQuery.broadcast(weights.ua(), in.a());
        Tensor qb = ContextQuery.broadcast(weights.ub(), in.b());
        return new Pass(in, aw, bw, c, ha, hb, qa, qb,
                Attend.forward(alignment, distribution, qa, ha, in.a(), in.maskA()),
                Attend.forward(alignment, distribution, qb, hb, in.b(), in.maskB()));
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients given = ResultGradients.check("co-attention", result, resultGradients);
        CoAttentionInputs in = CoAttentionInputs.of(inputs);
        Pass p = pass(in);
        Attend.Backward ga = Attend.backward(alignment, distribution, p.qa(), p.ha(), in.a(), in.maskA(), p.sideA(),
                given.output(), given.weights());
        Attend.Backward gb = Attend.backward(alignment, distribution, p.qb(), p.hb(), in.b(), in.maskB(), p.sideB(),
                resultGradients.get(OUTPUT_B), resultGradients.get(WEIGHTS_B));
        Tensor dza = BatchMatrices.tanhGradient(p.ha(), ga.keys());
        Tensor dzb = BatchMatrices.tanhGradient(p.hb(), gb.keys());
        // Z_a = AW + C·BW and Z_b = BW + Cᵀ·AW: each side's map also feeds the other's hidden state.
        Tensor daw = TensorSums.sum(dza, BatchMatrices.times(p.c(), dzb));
        Tensor dbw = TensorSums.sum(dzb, BatchMatrices.transposedTimes(p.c(), dza));
        Tensor dc = TensorSums.sum(BatchMatrices.timesTransposed(dza, p.bw()), BatchMatrices.timesTransposed(p.aw(), dzb));
        Tensor givenC = resultGradients.get(AFFINITY);
        if (givenC != null) {
            dc = TensorSums.sum(dc, givenC.to(dc.dtype()));
        }
        // Affinities touching padding are the constant 0: no gradient flows through them.
        Tensor ds = realOnly(in, BatchMatrices.tanhGradient(p.c(), dc));
        Tensor dsB = BatchMatrices.times(ds, in.b());
        Tensor da = TensorSums.sum(ga.values(), LinearMaps.inputGradient(daw, weights.wa()),
                LinearMaps.apply("dS·B", dsB, weights.wc(), null));
        Tensor db = TensorSums.sum(gb.values(), LinearMaps.inputGradient(dbw, weights.wb()),
                BatchMatrices.transposedTimes(ds, BatchMatrices.timesShared(in.a(), weights.wc())));
        Map<String, Tensor> own = new LinkedHashMap<>();
        // S = A W_c Bᵀ ⇒ dW_c = Σ_batch Aᵀ (dS B).
        own.put("W_c", LinearMaps.weightGradient(in.a(), dsB, weights.wc().dtype()));
        own.put("W_a", LinearMaps.weightGradient(daw, in.a(), weights.wa().dtype()));
        own.put("W_b", LinearMaps.weightGradient(dbw, in.b(), weights.wb().dtype()));
        own.put("w_a", ContextQuery.gradient(ga.queries(), weights.ua().dtype()));
        own.put("w_b", ContextQuery.gradient(gb.queries(), weights.ub().dtype()));
        Map<String, Tensor> inputGradients = new LinkedHashMap<>();
        inputGradients.put(CoAttentionInputs.A, da.to(inputs.tensor(CoAttentionInputs.A).dtype()));
        inputGradients.put(CoAttentionInputs.B, db.to(inputs.tensor(CoAttentionInputs.B).dtype()));
        return new VariantGradients(inputGradients, QualifiedParameters.ownFirst(Parameters.of(own),
                ParameterSums.sum(ga.alignment(), gb.alignment()), ParameterSums.sum(ga.distribution(), gb.distribution())));
    }

    @Override
    public Parameters parameters() {
        return QualifiedParameters.ownFirst(weights.named(), alignment.parameters(), distribution.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        if (parameters.isEmpty()) {
            return this;
        }
        QualifiedParameters.requireKnown("co-attention", parameters(), parameters);
        return new ParallelCoAttention(QualifiedParameters.alignment(alignment, parameters),
                QualifiedParameters.distribution(distribution, parameters),
                weights.with(parameters.withoutPrefix(QualifiedParameters.VARIANT)));
    }

    @Override
    public String toString() {
        return "ParallelCoAttention(" + alignment + ", " + distribution + ", k = " + weights.ua().cols() + ")";
    }

    /** {@code t [batch…, n, m]} with entries pairing a padded row of a or b set to 0. */
    private static Tensor realOnly(CoAttentionInputs in, Tensor t) {
        Tensor.Builder out = Tensor.builder(t.dtype(), t.shape());
        for (int e = 0; e < t.batchSize(); e++) {
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.cols(); j++) {
                    if (in.realPair(e, i, j)) {
                        out.set(e, i, j, t.get(e, i, j));
                    }
                }
            }
        }
        return out.build();
    }

    /** Each batch entry is one sequence (or pair): batch entries independent, rows not. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(alignment.independence()).and(distribution.independence());
    }
}
