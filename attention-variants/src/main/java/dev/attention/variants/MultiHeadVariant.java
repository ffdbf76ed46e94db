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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-head attention (Vaswani et al. 2017), laid out as PyTorch's {@code nn.MultiheadAttention}:
 * <pre>
 *   Q = X_q W_qᵀ + b_q,  K = X_k W_kᵀ + b_k,  V = X_v W_vᵀ + b_v      [batch…, rows, dim]
 *   head h uses columns [h·d_head, (h+1)·d_head) of Q, K, V,         d_head = dim / heads
 *   w_h      = dropout(f(a_h(K_h, Q_h)))                             [batch…, n, m]
 *   O        = [w_0 V_0, …, w_{H−1} V_{H−1}]                          [batch…, n, dim]
 *   output   = O W_oᵀ + b_o                                          [batch…, n, dim]
 * </pre>
 * with {@code W_q [dim, d_q]}, {@code W_k [dim, d_k]}, {@code W_v [dim, d_v]}, {@code W_o [dim, dim]}
 * and biases {@code [1, dim]} (without {@code bias} there are none). With {@code inputs: self} the
 * one {@code sequence} is X_q = X_k = X_v. Positional encodings are added to X_q and X_k (and so to
 * X_v under self) before projecting; ALiBi wraps each head's alignment with its slope.
 *
 * <p>Masks as {@code self}/{@code cross}: padding on both sides, {@code causal} (top-left),
 * {@code window}. Padded query rows give a zero output; a real query with no visible key gets
 * {@code b_o}, the projection of an empty context.
 *
 * <p>Results: {@code output}, {@code weights [batch…, heads, n, m]} (the weights the output was
 * summed with, so after dropout in training) and, with {@code average-weights},
 * {@code weights_mean [batch…, n, m]}, their mean over heads. Dropout acts in
 * {@link dev.attention.api.Mode#TRAIN} only.
 *
 * <p>Parameters: {@code variant.W_q, W_k, W_v, W_o}, {@code variant.b_q, b_k, b_v, b_o} (with
 * bias), {@code variant.positions} (learned positions), the alignment's as
 * {@code alignment.head<h>.<name>} (one alignment per head, h from 0, when it has parameters; a
 * parameter-free alignment is shared), then {@code distribution.*} (one distribution shared by the
 * heads). Immutable and thread-safe.
 */
final class MultiHeadVariant implements Variant {
    static final String ID = "multi-head";
    static final String WEIGHTS_MEAN = "weights_mean";

    /** The four learned maps; {@code q} projects the queries, {@code o} the merged heads. */
    record Maps(AffineMap q, AffineMap k, AffineMap v, AffineMap o) {
    }

    /** Settings that never change with parameters. */
    record Settings(InputKind kind, int heads, boolean causal, int window, boolean averageWeights,
            AttentionDropout dropout) {
    }

    private final Settings settings;
    private final Maps maps;
    private final PositionalEncoding positions;
    /** One per head; the same inner alignment in every head when it has no parameters. */
    private final Alignment[] alignments;
    private final boolean alignmentPerHead;
    private final Distribution distribution;

    MultiHeadVariant(Settings settings, Maps maps, PositionalEncoding positions, Alignment[] alignments,
            boolean alignmentPerHead, Distribution distribution) {
        this.settings = settings;
        this.maps = maps;
        this.positions = positions;
        this.alignments = alignments.clone();
        this.alignmentPerHead = alignmentPerHead;
        this.distribution = distribution;
    }

    /** Everything a forward pass computes, for the backward pass to reuse. */
    private record Pass(InputKind.Sources sources, Tensor xq, Tensor xk, Tensor xv, Mask mask, Tensor q, Tensor k,
            Tensor v, HeadAttention.Forward[] heads, Tensor merged, Tensor output, AttentionDropout dropout) {
    }

    @Override
    public List<InputSpec> inputs() {
        return settings.kind().specs();
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Pass p = run(inputs);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(AttentionResult.OUTPUT, p.output());
        Tensor[] used = new Tensor[settings.heads()];
        for (int h = 0; h < used.length; h++) {
            used[h] = p.heads()[h].used();
        }
        out.put(AttentionResult.WEIGHTS, HeadSplit.stack(used));
        if (settings.averageWeights()) {
            out.put(WEIGHTS_MEAN, HeadSplit.mean(used));
        }
        return AttentionResult.of(out);
    }

    private Pass run(AttentionInputs inputs) {
        InputKind kind = settings.kind();
        InputKind.Sources s = kind.read(inputs);
        Tensor xq = positions.add(kind.queriesName(), s.queries());
        Tensor xk = kind == InputKind.SELF ? xq : positions.add(kind.keysName(), s.keys());
        Tensor xv = kind == InputKind.SELF ? xq : s.values();
        Mask mask = s.padding().and(PositionMasks.order(settings.causal(), settings.window()));
        Tensor q = maps.q().apply(kind.queriesName(), xq);
        Tensor k = maps.k().apply(kind.keysName(), xk);
        Tensor v = maps.v().apply(kind.valuesName(), xv);
        int heads = settings.heads();
        int width = q.cols() / heads;
        AttentionDropout dropout = settings.dropout().active(inputs.mode())
                ? settings.dropout().atStep(inputs.step()) : null;
        HeadAttention.Forward[] f = new HeadAttention.Forward[heads];
        Tensor[] outputs = new Tensor[heads];
        for (int h = 0; h < heads; h++) {
            f[h] = HeadAttention.forward(alignments[h], distribution, HeadSplit.head(q, h, width),
                    HeadSplit.head(k, h, width), HeadSplit.head(v, h, width), mask, dropout, h);
            outputs[h] = f[h].output();
        }
        Tensor merged = HeadSplit.merge(outputs);
        Tensor output = zeroPaddedRows(maps.o().apply("merged heads", merged), s);
        return new Pass(s, xq, xk, xv, mask, q, k, v, f, merged, output, dropout);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients given = ResultGradients.check(ID, result, resultGradients);
        Pass p = run(inputs);
        InputKind kind = settings.kind();
        int heads = settings.heads();
        int width = p.q().cols() / heads;
        Tensor dOutput = given.output() == null ? Tensor.zeros(p.output().dtype(), p.output().shape())
                : zeroPaddedRows(given.output(), p.sources());
        AffineMap.Gradients dO = maps.o().backward(p.merged(), dOutput);
        Tensor dMean = resultGradients.get(WEIGHTS_MEAN);
        Tensor[] dq = new Tensor[heads];
        Tensor[] dk = new Tensor[heads];
        Tensor[] dv = new Tensor[heads];
        Parameters alignmentGradients = Parameters.empty();
        Parameters distributionGradients = null;
        for (int h = 0; h < heads; h++) {
            Tensor dUsed = given.weights() == null ? null : HeadSplit.unstack(given.weights(), h);
            if (dMean != null) {
                // mean = Σ_h used_h / heads, so each head receives dMean / heads.
                Tensor share = scaled(dMean, 1.0 / heads);
                dUsed = dUsed == null ? share : TensorSums.sum(dUsed, share);
            }
            HeadAttention.Backward g = HeadAttention.backward(alignments[h], distribution,
                    HeadSplit.head(p.q(), h, width), HeadSplit.head(p.k(), h, width), HeadSplit.head(p.v(), h, width),
                    p.mask(), p.heads()[h], HeadSplit.head(dO.input(), h, width), dUsed, p.dropout(), h);
            dq[h] = g.queries();
            dk[h] = g.keys();
            dv[h] = g.values();
            alignmentGradients = alignmentPerHead
                    ? alignmentGradients.concat(g.alignment().prefixed(head(h))) : alignmentGradients;
            distributionGradients = distributionGradients == null ? g.distribution()
                    : ParameterSums.sum(distributionGradients, g.distribution());
        }
        AffineMap.Gradients gq = maps.q().backward(p.xq(), HeadSplit.merge(dq));
        AffineMap.Gradients gk = maps.k().backward(p.xk(), HeadSplit.merge(dk));
        AffineMap.Gradients gv = maps.v().backward(p.xv(), HeadSplit.merge(dv));
        Parameters positional;
        Map<String, Tensor> inputGradients;
        if (kind == InputKind.SELF) {
            // X + PE feeds all three maps: its gradient is the sum of their input gradients.
            Tensor dx = TensorSums.sum(gq.input(), gk.input(), gv.input());
            positional = positions.gradients(dx);
            inputGradients = kind.gradients(p.sources(), dx, zeros(dx), zeros(dx));
        } else {
            positional = positions.gradients(gq.input(), gk.input());
            inputGradients = kind.gradients(p.sources(), gq.input(), gk.input(), gv.input());
        }
        Parameters own = own(gq, gk, gv, dO);
        return new VariantGradients(inputGradients, qualify(own, positional, alignmentGradients, distributionGradients));
    }

    @Override
    public Parameters parameters() {
        Parameters alignment = Parameters.empty();
        if (alignmentPerHead) {
            for (int h = 0; h < alignments.length; h++) {
                alignment = alignment.concat(alignments[h].parameters().prefixed(head(h)));
            }
        }
        return qualify(ownParameters(), positions.parameters(), alignment, distribution.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        QualifiedParameters.requireKnown(ID + " attention", parameters(), parameters);
        if (parameters.isEmpty()) {
            return this;
        }
        Parameters local = parameters.withoutPrefix(QualifiedParameters.VARIANT);
        Maps m = new Maps(maps.q().with(local, "W_q", "b_q"), maps.k().with(local, "W_k", "b_k"),
                maps.v().with(local, "W_v", "b_v"), maps.o().with(local, "W_o", "b_o"));
        Alignment[] a = alignments.clone();
        if (alignmentPerHead) {
            Parameters forAlignment = parameters.withoutPrefix(QualifiedParameters.ALIGNMENT);
            for (int h = 0; h < a.length; h++) {
                Parameters mine = forAlignment.withoutPrefix(head(h));
                a[h] = mine.isEmpty() ? a[h] : a[h].withParameters(mine);
            }
        }
        return new MultiHeadVariant(settings, m, positions.withParameters(parameters), a, alignmentPerHead,
                QualifiedParameters.distribution(distribution, parameters));
    }

    @Override
    public String toString() {
        return "MultiHeadVariant(" + settings.kind().id() + ", heads " + settings.heads() + ", dim "
                + maps.o().weight().rows() + ", " + alignments[0] + ", " + distribution + ")";
    }

    private static String head(int h) {
        return "head" + h;
    }

    private Parameters ownParameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("W_q", maps.q().weight());
        m.put("W_k", maps.k().weight());
        m.put("W_v", maps.v().weight());
        m.put("W_o", maps.o().weight());
        if (maps.o().bias() != null) {
            m.put("b_q", maps.q().bias());
            m.put("b_k", maps.k().bias());
            m.put("b_v", maps.v().bias());
            m.put("b_o", maps.o().bias());
        }
        return Parameters.of(m);
    }

    private static Parameters own(AffineMap.Gradients q, AffineMap.Gradients k, AffineMap.Gradients v,
            AffineMap.Gradients o) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("W_q", q.weight());
        m.put("W_k", k.weight());
        m.put("W_v", v.weight());
        m.put("W_o", o.weight());
        if (o.bias() != null) {
            m.put("b_q", q.bias());
            m.put("b_k", k.bias());
            m.put("b_v", v.bias());
            m.put("b_o", o.bias());
        }
        return Parameters.of(m);
    }

    /** {@code variant.*} (maps, then positions), {@code alignment.*}, {@code distribution.*}. */
    private static Parameters qualify(Parameters own, Parameters qualifiedPositions, Parameters alignment,
            Parameters distribution) {
        return own.prefixed(QualifiedParameters.VARIANT).concat(qualifiedPositions)
                .concat(alignment.prefixed(QualifiedParameters.ALIGNMENT))
                .concat(distribution.prefixed(QualifiedParameters.DISTRIBUTION));
    }

    /** Rows of padded queries set to zero: they attend to nothing and, unlike real rows, get no b_o. */
    private static Tensor zeroPaddedRows(Tensor t, InputKind.Sources s) {
        if (s.queryLengths().isEmpty()) {
            return t;
        }
        Tensor.Builder out = Tensor.builder(t.dtype(), t.shape());
        for (int b = 0; b < t.batchSize(); b++) {
            for (int i = 0; i < t.rows(); i++) {
                if (!s.paddedQuery(b, i)) {
                    for (int c = 0; c < t.cols(); c++) {
                        out.set(b, i, c, t.get(b, i, c));
                    }
                }
            }
        }
        return out.build();
    }

    private static Tensor scaled(Tensor t, double c) {
        Tensor.Builder out = Tensor.builder(t.dtype(), t.shape());
        for (int k = 0; k < t.size(); k++) {
            out.set(k, c * t.at(k));
        }
        return out.build();
    }

    private static Tensor zeros(Tensor like) {
        return Tensor.zeros(like.dtype(), like.shape());
    }

    /** Cross attention without causal masks or positions: rows independent; otherwise batch entries only. */
    @Override
    public Independence independence() {
        boolean positional = settings.kind() == InputKind.SELF || settings.causal() || settings.window() > 0
                || positions.kind() != PositionalEncoding.Kind.NONE;
        Independence all = positional ? Independence.BATCH_ENTRIES : Independence.ALL;
        for (Alignment a : alignments) {
            all = all.and(a.independence());
        }
        return all.and(distribution.independence());
    }
}
