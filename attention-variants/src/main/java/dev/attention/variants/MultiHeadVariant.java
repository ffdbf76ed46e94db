package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.TokenDecoder;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Multi-head attention (Vaswani et al. 2017), laid out as PyTorch's {@code nn.MultiheadAttention},
 * with the options of current decoders (grouped-query heads, a free head width, soft-capping):
 * <pre>
 *   Q = X_q W_qᵀ + b_q                                          [batch…, n, h·d_head]
 *   K = X_k W_kᵀ + b_k,  V = X_v W_vᵀ + b_v                      [batch…, m, h_kv·d_head]
 *   query head i uses columns [i·d_head, (i+1)·d_head) of Q and kv head g = ⌊i·h_kv/h⌋ of K, V
 *   with rope: Q, K ← each head rotated by {@link Rotary}, row i at position rope-offset + i
 *   with add-bias-kv / add-zero-attn: K ← [K; bias_k; 0], V ← [V; bias_v; 0]   [batch…, m + e, h_kv·d_head]
 *   s_i      = a(K_g, Q_i), then c·tanh(s_i/c) with softcap c > 0, then ALiBi
 *   w_i      = dropout(f(s_i))                                  [batch…, n, m]
 *   O        = [w_0 V_g(0), …, w_{h−1} V_g(h−1)]                 [batch…, n, h·d_head]
 *   output   = O W_oᵀ + b_o                                     [batch…, n, dim]
 * </pre>
 * with {@code d_head = head-dim} (default {@code dim / h}), {@code h_kv = kv-heads} (default h; 1 is
 * multi-query), {@code W_q [h·d_head, d_q]}, {@code W_k [h_kv·d_head, d_k]},
 * {@code W_v [h_kv·d_head, d_v]}, {@code W_o [dim, h·d_head]} and each bias a row of its map's
 * output width, present when its own switch ({@code bias-q} …) is true, or, when that is not given,
 * when {@code bias} is true. With {@code inputs: self} the
 * one {@code sequence} is X_q = X_k = X_v. Positional encodings are added to X_q and X_k (and so to
 * X_v under self) before projecting; ALiBi wraps each head's alignment with its slope.
 *
 * <p>Masks as {@code self}/{@code cross}: padding on both sides, {@code causal} (top-left),
 * {@code window}, and the inputs' {@link AttentionInputs#keyMask() key mask} and
 * {@link AttentionInputs#scoreBias() score bias} ({@code [n, m]}, {@code [batch…, n, m]} or
 * {@code [batch…, heads, n, m]}, as PyTorch's {@code key_padding_mask} and {@code attn_mask}). Padded query rows give a zero output; a real query with no visible key gets
 * {@code b_o}, the projection of an empty context.
 *
 * <p>{@code add-bias-kv} and {@code add-zero-attn} append {@code e} (1 or 2) key/value rows after the
 * projections, as PyTorch's {@code nn.MultiheadAttention} ({@link KeyExtras}): keys {@code m} and
 * {@code m + 1}, visible to every real query whatever the padding, key mask, causal order or window
 * (PyTorch pads its masks with "keep" and 0); the score bias stays {@code [n, m]}-shaped and adds 0
 * there. The weights then have {@code m + e} columns, the appended keys last, as PyTorch returns them.
 * Refused with {@code rope} or {@code alibi}: they give each key a position, the appended rows have
 * none, and PyTorch has neither.
 *
 * <p>Results: {@code output}, {@code weights [batch…, heads, n, m]} (the weights the output was
 * summed with, so after dropout in training) and, with {@code average-weights},
 * {@code weights_mean [batch…, n, m]}, their mean over heads. Dropout acts in
 * {@link dev.attention.api.Mode#TRAIN} only.
 *
 * <p>Two paths compute this. When the alignment declares {@link Alignment#dotProductScale(int)}
 * for {@code d_head} and the distribution {@link Distribution#softmaxTemperature()}, neither with
 * parameters, and the caller gives no mask of its own, every head runs in one
 * {@link AttentionKernel#attend} call on the projections as they are ({@link FusedMultiHead}), and
 * {@code weights}/{@code weights_mean} are left out when the inputs do not
 * {@link AttentionInputs#weightsWanted() want} them; the forward pass is saved in the result for
 * backward. Otherwise each head runs its alignment and distribution ({@link HeadAttention}). Both
 * drop the same weights and agree to rounding.
 *
 * <p>Parameters: {@code variant.W_q, W_k, W_v, W_o}, {@code variant.b_q, b_k, b_v, b_o} (those
 * switched on), {@code variant.bias_k, bias_v [1, h_kv·d_head]} (with add-bias-kv), {@code variant.positions} (learned positions), the alignment's as
 * {@code alignment.head<h>.<name>} (one alignment per head, h from 0, when it has parameters; a
 * parameter-free alignment is shared), then the distribution's likewise as
 * {@code distribution.head<h>.<name>} (one per head from {@link PluginContext#distribution(int)}
 * when it has parameters, e.g. entmax's learned α as the paper learns one per head; else one
 * shared). Immutable and thread-safe.
 */
final class MultiHeadVariant implements Variant {
    static final String HEADS = "heads";
    static final String DIM = "dim";
    static final String BIAS = "bias";
    static final String BIAS_Q = "bias-q";
    static final String BIAS_K = "bias-k";
    static final String BIAS_V = "bias-v";
    static final String BIAS_O = "bias-o";
    static final String KV_HEADS = "kv-heads";
    static final String HEAD_DIM = "head-dim";
    static final String SOFTCAP = "softcap";
    static final String DROPOUT = "dropout";
    static final String AVERAGE_WEIGHTS = "average-weights";
    static final String ADD_BIAS_KV = "add-bias-kv";
    static final String ADD_ZERO_ATTN = "add-zero-attn";
    static final String ID = "multi-head";
    static final String WEIGHTS_MEAN = "weights_mean";

    /** The four learned maps; {@code q} projects the queries, {@code o} the merged heads. */
    record Maps(AffineMap q, AffineMap k, AffineMap v, AffineMap o) {
    }

    /**
     * Settings that never change with parameters. {@code dropout} is the attention dropout's
     * probability and {@code dropoutSeed} its seed, shared by both paths so they drop the same weights.
     */
    record Settings(InputKind kind, int heads, int kvHeads, int headDim, double softcap, boolean causal, int window,
            boolean averageWeights, double dropout, long dropoutSeed, RotarySettings rope) {

        /** The key/value head query head {@code h} reads: {@code ⌊h·kvHeads/heads⌋}, as the kernel does. */
        int kvHead(int h) {
            return (int) ((long) h * kvHeads / heads);
        }

        /** The general path's dropout for {@code inputs}, null when inactive (not training, or p = 0). */
        AttentionDropout dropout(AttentionInputs inputs) {
            AttentionDropout d = new AttentionDropout(dropout, dropoutSeed);
            return d.active(inputs.mode()) ? d.atStep(inputs.step()) : null;
        }
    }

    private final Settings settings;
    private final Maps maps;
    /** The key/value rows appended after the projections (add-bias-kv, add-zero-attn). */
    private final KeyExtras extras;
    private final PositionalEncoding positions;
    /** One per head; the same inner alignment in every head when it has no parameters. */
    private final Alignment[] alignments;
    private final boolean alignmentPerHead;
    /** One per head; the same instance in every head when it has no parameters. */
    private final Distribution[] distributions;
    private final boolean distributionPerHead;
    /** The alignment the heads share before ALiBi, for the fused path's declaration. */
    private final Alignment shared;
    private final AttentionKernel kernel;
    /** The fused path, or null when the components do not declare it. */
    private final FusedMultiHead fused;

    /**
     * @param shared the heads' common alignment before ALiBi (null when they have their own)
     * @param kernel the kernel service the fused path runs on
     */
    MultiHeadVariant(Settings settings, Maps maps, KeyExtras extras, PositionalEncoding positions,
            Alignment[] alignments, boolean alignmentPerHead, Distribution[] distributions, Alignment shared,
            AttentionKernel kernel) {
        this.settings = settings;
        this.maps = maps;
        this.extras = extras;
        this.positions = positions;
        this.alignments = alignments.clone();
        this.alignmentPerHead = alignmentPerHead;
        this.distributions = distributions.clone();
        this.distributionPerHead = !distributions[0].parameters().isEmpty();
        this.shared = shared;
        this.kernel = kernel;
        this.fused = FusedMultiHead.of(kernel, shared, this.alignments, alignmentPerHead, distributions[0],
                settings.headDim(), settings.softcap()).orElse(null);
    }

    /**
     * True when {@code inputs} run on the kernel: the components declare the fused form and the
     * caller gives no mask of its own (the kernel has no (query, key) mask).
     */
    boolean fused(AttentionInputs inputs) {
        return fused != null && inputs.mask().allowsAll();
    }

    /** Everything a forward pass computes, for the backward pass to reuse. */
    private record Pass(InputKind.Sources sources, Tensor xq, Tensor xk, Tensor xv, Mask mask, DataMasks data,
            Tensor q, Tensor k, Tensor v, HeadAttention.Forward[] heads, Tensor merged, Tensor output,
            AttentionDropout dropout) {

        /** Head {@code h}'s mask: padding and order, the key mask, the positions a −∞ bias hides. */
        Mask mask(int h) {
            return mask.and(data.mask(h));
        }
    }

    @Override
    public List<InputSpec> inputs() {
        return settings.kind().specs();
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        if (fused(inputs)) {
            return fusedForward(inputs);
        }
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
        positions.requireUnpacked(inputs);
        Tensor xq = positions.add(kind.queriesName(), s.queries());
        Tensor xk = kind == InputKind.SELF ? xq : positions.add(kind.keysName(), s.keys());
        Tensor xv = kind == InputKind.SELF ? xq : s.values();
        RotarySettings rope = settings.rope();
        Tensor q = rope.queries(maps.q().apply(kind.queriesName(), xq), settings.heads());
        Tensor projectedKeys = rope.keys(maps.k().apply(kind.keysName(), xk), settings.kvHeads());
        int m = projectedKeys.rows();
        // add-bias-kv, add-zero-attn: keys m, m + 1 after the projected ones, outside padding and order.
        Tensor k = extras.keys(projectedKeys);
        Tensor v = extras.values(maps.v().apply(kind.valuesName(), xv));
        // The caller's (query, key) mask (e.g. leave-one-out's diagonal) sends the run here; it covers the real keys.
        Mask mask = extras.over(s.padding().and(inputs.mask()).and(PositionMasks.order(settings.causal(),
                settings.window())), m, s);
        int heads = settings.heads();
        int width = settings.headDim();
        AttentionDropout dropout = settings.dropout(inputs);
        DataMasks data = DataMasks.of(inputs, q.batchSize(), heads, q.rows(), m, extras.count(), null, null);
        HeadAttention.Forward[] f = new HeadAttention.Forward[heads];
        Tensor[] outputs = new Tensor[heads];
        for (int h = 0; h < heads; h++) {
            f[h] = HeadAttention.forward(BiasedAlignment.of(alignments[h], data, h), distributions[h],
                    HeadSplit.head(q, h, width), HeadSplit.head(k, settings.kvHead(h), width),
                    HeadSplit.head(v, settings.kvHead(h), width), mask.and(data.mask(h)), dropout, h);
            outputs[h] = f[h].output();
        }
        Tensor merged = HeadSplit.merge(outputs);
        Tensor output = zeroPaddedRows(maps.o().apply("merged heads", merged), s);
        return new Pass(s, xq, xk, xv, mask, data, q, k, v, f, merged, output, dropout);
    }

    /**
     * The fused forward pass: projections, one kernel call over all heads, the output projection.
     * The weights (and their mean) only when the inputs want them; the pass is saved for backward.
     */
    private AttentionResult fusedForward(AttentionInputs inputs) {
        FusedMultiHead.Pass p = fusedRun(inputs);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(AttentionResult.OUTPUT, p.output());
        if (inputs.weightsWanted()) {
            // The kernel's weights of one head lack the head axis; the results always have it.
            Tensor w = p.attended().weights().orElseThrow().reshape(weightsShape(p));
            out.put(AttentionResult.WEIGHTS, w);
            if (settings.averageWeights()) {
                out.put(WEIGHTS_MEAN, HeadSplit.meanOverHeads(w));
            }
        }
        return AttentionResult.of(out).withSaved(p);
    }

    private FusedMultiHead.Pass fusedRun(AttentionInputs inputs) {
        InputKind kind = settings.kind();
        InputKind.Sources s = kind.read(inputs);
        positions.requireUnpacked(inputs);
        Tensor xq = positions.add(kind.queriesName(), s.queries());
        Tensor xk = kind == InputKind.SELF ? xq : positions.add(kind.keysName(), s.keys());
        Tensor xv = kind == InputKind.SELF ? xq : s.values();
        RotarySettings rope = settings.rope();
        Tensor q = rope.queries(fused.apply(maps.q(), kind.queriesName(), xq), settings.heads());
        Tensor projectedKeys = rope.keys(fused.apply(maps.k(), kind.keysName(), xk), settings.kvHeads());
        int m = projectedKeys.rows();
        Tensor k = extras.keys(projectedKeys);
        Tensor v = extras.values(fused.apply(maps.v(), kind.valuesName(), xv));
        int[][] lengths = FusedMultiHead.lengths(kind, inputs);
        KernelSpec spec;
        if (extras.any()) {
            // The kernel's key lengths and window would hide the appended keys: mask and −∞ bias instead.
            spec = DataMasks.of(inputs, q.batchSize(), settings.heads(), q.rows(), m, extras.count(), lengths[1],
                    PositionMasks.order(settings.causal(), settings.window())).applyTo(fused.spec(settings,
                            lengths[0], null, FusedMultiHead.dropout(settings, inputs), inputs.weightsWanted(), false));
        } else {
            spec = DataMasks.of(inputs, q.batchSize(), settings.heads(), q.rows(), m).applyTo(fused.spec(settings,
                    lengths[0], lengths[1], FusedMultiHead.dropout(settings, inputs), inputs.weightsWanted(), true));
        }
        KernelResult attended = kernel.attend(q, k, v, spec);
        // A real query with no visible key has a zero row here and so gets b_o; padded rows get 0.
        Tensor output = zeroPaddedRows(fused.apply(maps.o(), "merged heads", attended.output()), s);
        return new FusedMultiHead.Pass(this, inputs, s, xq, xk, xv, q, k, v, spec, attended, output);
    }

    /**
     * The fused backward pass, from the forward pass saved in {@code result} when it is this
     * variant's on these inputs (else recomputed): {@code W_o}'s products, {@code kernel.backward}
     * with the weights' gradient (the mean's share added per head), then the projections'.
     */
    private VariantGradients fusedBackward(AttentionInputs inputs, AttentionResult result, ResultGradients given,
            Tensor dMean) {
        FusedMultiHead.Pass p = result.saved(FusedMultiHead.Pass.class).filter(s -> s.isFor(this, inputs))
                .orElseGet(() -> fusedRun(inputs.withWeightsWanted(false)));
        InputKind kind = settings.kind();
        Tensor merged = p.attended().output();
        Tensor dOutput = given.output() == null ? Tensor.zeros(p.output().dtype(), p.output().shape())
                : zeroPaddedRows(given.output().to(p.output().dtype()), p.sources());
        AffineMap.Gradients dO = fused.backward(maps.o(), merged, dOutput);
        Tensor dWeights = HeadSplit.withMeanShare(given.weights(), dMean, weightsShape(p), p.q().dtype());
        // The kernel's weights of one head lack the head axis: the same elements in another shape.
        KernelGradients g = fused.attendBackward(p, dO.input(), dWeights == null ? null
                : dWeights.reshape(KernelShape.of(p.q(), p.k(), p.v(), p.spec()).weightsShape()));
        // Q and K were rotated after projecting: their gradients turn back before the maps' products.
        RotarySettings rope = settings.rope();
        AffineMap.Gradients gq = fused.backward(maps.q(), p.xq(), rope.queriesBackward(g.queries(), settings.heads()));
        int m = p.k().rows() - extras.count();
        AffineMap.Gradients gk = fused.backward(maps.k(), p.xk(),
                rope.keysBackward(extras.original(g.keys(), m), settings.kvHeads()));
        AffineMap.Gradients gv = fused.backward(maps.v(), p.xv(), extras.original(g.values(), m));
        Parameters positional;
        Map<String, Tensor> inputGradients;
        if (kind == InputKind.SELF) {
            Tensor dx = TensorSums.sum(gq.input(), gk.input(), gv.input());
            positional = positions.gradients(dx);
            inputGradients = kind.gradients(p.sources(), dx, zeros(dx), zeros(dx));
        } else {
            positional = positions.gradients(gq.input(), gk.input());
            inputGradients = kind.gradients(p.sources(), gq.input(), gk.input(), gv.input());
        }
        return new VariantGradients(inputGradients, qualify(own(gq, gk, gv, dO, extrasGradients(g.keys(), g.values(), m)),
                positional, Parameters.empty(), Parameters.empty()));
    }

    /** {@code [batch…, heads, n, m]}: the weights result's shape. */
    private int[] weightsShape(FusedMultiHead.Pass p) {
        int[] batch = p.q().batchShape();
        int[] shape = Arrays.copyOf(batch, batch.length + 3);
        shape[batch.length] = settings.heads();
        shape[batch.length + 1] = p.q().rows();
        shape[batch.length + 2] = p.k().rows();
        return shape;
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients given = ResultGradients.check(ID, result, resultGradients);
        if (fused(inputs)) {
            return fusedBackward(inputs, result, given, resultGradients.get(WEIGHTS_MEAN));
        }
        Pass p = run(inputs);
        InputKind kind = settings.kind();
        int heads = settings.heads();
        int width = settings.headDim();
        Tensor dOutput = given.output() == null ? Tensor.zeros(p.output().dtype(), p.output().shape())
                : zeroPaddedRows(given.output(), p.sources());
        AffineMap.Gradients dO = maps.o().backward(p.merged(), dOutput);
        Tensor dMean = resultGradients.get(WEIGHTS_MEAN);
        Tensor[] dq = new Tensor[heads];
        // Query heads sharing a key/value head add their gradients into it.
        Tensor[] dk = new Tensor[settings.kvHeads()];
        Tensor[] dv = new Tensor[settings.kvHeads()];
        Parameters alignmentGradients = Parameters.empty();
        Parameters distributionGradients = null;
        for (int h = 0; h < heads; h++) {
            Tensor dUsed = given.weights() == null ? null : HeadSplit.unstack(given.weights(), h);
            if (dMean != null) {
                // mean = Σ_h used_h / heads, so each head receives dMean / heads.
                Tensor share = scaled(dMean, 1.0 / heads);
                dUsed = dUsed == null ? share : TensorSums.sum(dUsed, share);
            }
            HeadAttention.Backward g = HeadAttention.backward(alignments[h], distributions[h],
                    HeadSplit.head(p.q(), h, width), HeadSplit.head(p.k(), settings.kvHead(h), width),
                    HeadSplit.head(p.v(), settings.kvHead(h), width), p.mask(h), p.heads()[h],
                    HeadSplit.head(dO.input(), h, width), dUsed, p.dropout(), h);
            int g0 = settings.kvHead(h);
            dq[h] = g.queries();
            dk[g0] = dk[g0] == null ? g.keys() : TensorSums.sum(dk[g0], g.keys());
            dv[g0] = dv[g0] == null ? g.values() : TensorSums.sum(dv[g0], g.values());
            alignmentGradients = alignmentPerHead
                    ? alignmentGradients.concat(g.alignment().prefixed(head(h))) : alignmentGradients;
            distributionGradients = distributionGradients == null ? perHead(g.distribution(), h)
                    : distributionPerHead ? distributionGradients.concat(perHead(g.distribution(), h))
                    : ParameterSums.sum(distributionGradients, g.distribution());
        }
        RotarySettings rope = settings.rope();
        AffineMap.Gradients gq = maps.q().backward(p.xq(), rope.queriesBackward(HeadSplit.merge(dq), heads));
        Tensor dkAll = HeadSplit.merge(dk);
        Tensor dvAll = HeadSplit.merge(dv);
        int m = p.k().rows() - extras.count();
        AffineMap.Gradients gk = maps.k().backward(p.xk(), rope.keysBackward(extras.original(dkAll, m), settings.kvHeads()));
        AffineMap.Gradients gv = maps.v().backward(p.xv(), extras.original(dvAll, m));
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
        Parameters own = own(gq, gk, gv, dO, extrasGradients(dkAll, dvAll, m));
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
        Parameters distribution = perHead(distributions[0].parameters(), 0);
        for (int h = 1; h < distributions.length && distributionPerHead; h++) {
            distribution = distribution.concat(perHead(distributions[h].parameters(), h));
        }
        return qualify(ownParameters(), positions.parameters(), alignment, distribution);
    }

    /** A distribution's parameters or gradients as {@code head<h>.<name>} when each head has its own. */
    private Parameters perHead(Parameters p, int h) {
        return distributionPerHead ? p.prefixed(head(h)) : p;
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
        KeyExtras e = extras.biasK() == null ? extras : extras.with(
                QualifiedParameters.replace(local, KeyExtras.BIAS_K, extras.biasK()),
                QualifiedParameters.replace(local, KeyExtras.BIAS_V, extras.biasV()));
        Distribution[] f = distributions.clone();
        for (int h = 0; h < f.length; h++) {
            Parameters mine = parameters.withoutPrefix(QualifiedParameters.DISTRIBUTION);
            mine = distributionPerHead ? mine.withoutPrefix(head(h)) : mine;
            f[h] = mine.isEmpty() ? f[h] : f[h].withParameters(mine);
        }
        return new MultiHeadVariant(settings, m, e, positions.withParameters(parameters), a, alignmentPerHead,
                f, shared, kernel);
    }

    @Override
    public String toString() {
        return "MultiHeadVariant(" + settings.kind().id() + ", heads " + settings.heads()
                + (settings.kvHeads() == settings.heads() ? "" : "/" + settings.kvHeads() + " kv") + ", dim "
                + maps.o().weight().rows() + ", head-dim " + settings.headDim()
                + (settings.softcap() > 0 ? ", softcap " + settings.softcap() : "")
                + (settings.rope().on() ? ", " + settings.rope() : "") + (extras.any() ? ", " + extras : "")
                + ", " + alignments[0] + ", " + distributions[0] + ")";
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
        putIfPresent(m, "b_q", maps.q().bias());
        putIfPresent(m, "b_k", maps.k().bias());
        putIfPresent(m, "b_v", maps.v().bias());
        putIfPresent(m, "b_o", maps.o().bias());
        putIfPresent(m, KeyExtras.BIAS_K, extras.biasK());
        putIfPresent(m, KeyExtras.BIAS_V, extras.biasV());
        return Parameters.of(m);
    }

    private static Parameters own(AffineMap.Gradients q, AffineMap.Gradients k, AffineMap.Gradients v,
            AffineMap.Gradients o, Tensor[] extras) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("W_q", q.weight());
        m.put("W_k", k.weight());
        m.put("W_v", v.weight());
        m.put("W_o", o.weight());
        putIfPresent(m, "b_q", q.bias());
        putIfPresent(m, "b_k", k.bias());
        putIfPresent(m, "b_v", v.bias());
        putIfPresent(m, "b_o", o.bias());
        putIfPresent(m, KeyExtras.BIAS_K, extras[0]);
        putIfPresent(m, KeyExtras.BIAS_V, extras[1]);
        return Parameters.of(m);
    }

    /** {@code dL/d bias_k, dL/d bias_v} from the appended keys' and values' gradients (nulls without add-bias-kv). */
    private Tensor[] extrasGradients(Tensor dk, Tensor dv, int m) {
        return extras.biasK() == null ? new Tensor[2] : new Tensor[] {
            extras.biasGradient(dk, m, extras.biasK().dtype()), extras.biasGradient(dv, m, extras.biasV().dtype())};
    }

    /** Each map's bias is its own switch, so each is listed only when the map has one. */
    private static void putIfPresent(Map<String, Tensor> m, String name, Tensor t) {
        if (t != null) {
            m.put(name, t);
        }
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

    /** The inputs' key mask and score bias ([n, m], [batch…, n, m], [batch…, heads, n, m]), on both paths. */
    @Override
    public boolean honoursMasks() {
        return true;
    }

    /** Causal self-attention steps token by token ({@link MultiHeadDecoder}). */
    @Override
    public Optional<TokenDecoder> decoder() {
        return settings.kind() == InputKind.SELF && settings.causal()
                ? Optional.of(new MultiHeadDecoder(settings, maps, positions, alignments, distributions, extras))
                : Optional.empty();
    }

    /** Cross attention without causal masks or positions: rows independent; otherwise batch entries only. */
    @Override
    public Independence independence() {
        boolean positional = settings.kind() == InputKind.SELF || settings.causal() || settings.window() > 0
                || positions.kind() != PositionalEncoding.Kind.NONE || settings.rope().on();
        Independence all = positional ? Independence.BATCH_ENTRIES : Independence.ALL;
        for (Alignment a : alignments) {
            all = all.and(a.independence());
        }
        return all.and(distributions[0].independence());
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = withRope(PositionalSettings.after(
            InputKind.spec(),
            ParameterSpec.intParam(HEADS).defaultValue(1).atLeast(1)
                    .doc("number of query heads h; without head-dim, dim must be divisible by h (d_head = dim / h)"),
            ParameterSpec.intParam(KV_HEADS).defaultValue(0).atLeast(0)
                    .doc("key/value heads h_kv (grouped-query attention; 1 = multi-query; 0 = heads); must divide"
                            + " heads; query head i reads kv head ⌊i·h_kv/h⌋; W_k, W_v [h_kv·d_head, d_k / d_v]"),
            ParameterSpec.intParam(DIM).defaultValue(0).atLeast(0)
                    .doc("model width d_model of the output; 0 means the queries' (or sequence's) width"),
            ParameterSpec.intParam(HEAD_DIM).defaultValue(0).atLeast(0)
                    .doc("head width d_head; 0 means dim / heads; W_q [h·d_head, d_q], W_o [dim, h·d_head]"),
            ParameterSpec.doubleParam(SOFTCAP).defaultValue(0.0).atLeast(0)
                    .doc("soft-cap c of the scores, s ← c·tanh(s/c) before ALiBi and the distribution (Gemma 2);"
                            + " 0 = off"),
            ParameterSpec.booleanParam(BIAS).defaultValue(true)
                    .doc("learn biases b_q, b_k, b_v, b_o (zero at start); false turns all four off"),
            biasSwitch(BIAS_Q, "b_q [1, h·d_head]"),
            biasSwitch(BIAS_K, "b_k [1, h_kv·d_head]"),
            biasSwitch(BIAS_V, "b_v [1, h_kv·d_head]"),
            biasSwitch(BIAS_O, "b_o [1, dim]"),
            OrderSettings.causal(),
            OrderSettings.window(),
            ParameterSpec.doubleParam(DROPOUT).defaultValue(0.0).atLeast(0).lessThan(1)
                    .doc("attention dropout p in training (mode TRAIN) only; survivors scaled by 1/(1 − p)"),
            ParameterSpec.booleanParam(AVERAGE_WEIGHTS).defaultValue(false)
                    .doc("also return weights_mean [batch…, n, m], the weights averaged over heads"),
            ParameterSpec.booleanParam(ADD_BIAS_KV).defaultValue(false)
                    .doc("append learned rows bias_k, bias_v [1, h_kv·d_head] to the projected keys and values"
                            + " (PyTorch's add_bias_kv): key m, visible to every real query; weights gain a column"),
            ParameterSpec.booleanParam(ADD_ZERO_ATTN).defaultValue(false)
                    .doc("append an all-zero key and value row after them (PyTorch's add_zero_attn), visible to"
                            + " every real query; weights gain a column")));

    private static List<ParameterSpec> withRope(List<ParameterSpec> specs) {
        List<ParameterSpec> all = new java.util.ArrayList<>(specs);
        all.addAll(RotarySettings.specs());
        return List.copyOf(all);
    }

    private static ParameterSpec biasSwitch(String name, String what) {
        return ParameterSpec.booleanParam(name).defaultValue(true)
                .doc("whether to learn " + what + "; when not given, bias decides (e.g. Qwen: bias-o: false;"
                        + " bias: false, " + name + ": true learns only this one)");
    }

    /** A single bias switch overrides bias both ways when given; otherwise it follows bias. */
    private static boolean biasOf(PluginContext context, String name, boolean all) {
        return context.given(name) ? context.getBoolean(name) : all;
    }

    /**
     * Draws W_q, W_k, W_v, W_o Xavier-uniform, each from its own random stream; biases start at zero.
     * The variant computes on {@link PluginContext#kernel()} when the alignment declares
     * {@link Alignment#dotProductScale(int)} for the head width and the distribution
     * {@link dev.attention.api.Distribution#softmaxTemperature()}, neither with parameters.
     *
     * @throws ConfigException ({@code heads}) when dim is not divisible by heads and no head-dim is set;
     *     ({@code kv-heads}) when it does not divide heads; ({@code add-bias-kv}, else {@code add-zero-attn}) with rope or alibi;
     *     ({@code positional}) for learned positions over queries and keys of
     *     different widths; (no key) when an input's width is unknown
     */
    static Variant create(PluginContext context) {
        InputKind kind = InputKind.of(context);
        InputKind.Widths widths = kind.widths(context);
        int dq = widths.queries();
        int dk = widths.keys();
        int dv = widths.values();
        int heads = context.getInt(HEADS);
        int dim = context.getInt(DIM) == 0 ? dq : context.getInt(DIM);
        int headDim = context.getInt(HEAD_DIM);
        if (headDim == 0 && dim % heads != 0) {
            throw new ConfigException(HEADS, "dim " + dim + (context.getInt(DIM) == 0 ? " (the queries' width)" : "")
                    + " is not divisible by heads " + heads,
                    "choose heads dividing dim (d_head = dim / heads), set dim to a multiple of heads, or set head-dim");
        }
        int width = headDim == 0 ? dim / heads : headDim;
        int kvHeads = context.getInt(KV_HEADS) == 0 ? heads : context.getInt(KV_HEADS);
        if (heads % kvHeads != 0) {
            throw new ConfigException(KV_HEADS, kvHeads + " does not divide heads " + heads,
                    "choose kv-heads dividing heads (1 = multi-query, heads = ordinary multi-head)");
        }
        boolean bias = context.getBoolean(BIAS);
        MultiHeadVariant.Maps maps = new MultiHeadVariant.Maps(
                map(context, "W_q", "b_q", heads * width, dq, biasOf(context, BIAS_Q, bias)),
                map(context, "W_k", "b_k", kvHeads * width, dk, biasOf(context, BIAS_K, bias)),
                map(context, "W_v", "b_v", kvHeads * width, dv, biasOf(context, BIAS_V, bias)),
                map(context, "W_o", "b_o", dim, heads * width, biasOf(context, BIAS_O, bias)));
        double softcap = context.getDouble(SOFTCAP);
        Alignment first = context.alignment(width, width);
        // A learnable alignment gets one instance per head, so heads learn separate parameters.
        boolean perHead = !first.parameters().isEmpty();
        Alignment[] alignments = new Alignment[heads];
        for (int h = 0; h < heads; h++) {
            Alignment a = h == 0 || !perHead ? first : context.alignment(width, width);
            // The kernel's order: scale·q·k, then the cap, then ALiBi's shift.
            alignments[h] = PositionalSettings.alibi(context, SoftcapAlignment.of(a, softcap), h, heads);
        }
        PositionalEncoding positions = PositionalSettings.encoding(context, () -> kind == InputKind.SELF
                ? PositionalSettings.width(context, kind.queriesName())
                : PositionalSettings.sharedWidth(context, kind.queriesName(), kind.keysName()),
                kind == InputKind.SELF ? new String[] {kind.queriesName()}
                        : new String[] {kind.queriesName(), kind.keysName()});
        MultiHeadVariant.Settings settings = new MultiHeadVariant.Settings(kind, heads, kvHeads, width, softcap,
                context.getBoolean(OrderSettings.CAUSAL), context.getInt(OrderSettings.WINDOW),
                context.getBoolean(AVERAGE_WEIGHTS), context.getDouble(DROPOUT), context.random(DROPOUT).nextLong(),
                RotarySettings.of(context, width));
        return new MultiHeadVariant(settings, maps, extras(context, kvHeads * width), positions, alignments, perHead,
                distributions(context, heads), perHead ? null : first, context.kernel());
    }

    /** One distribution per head when it has parameters (each head learns its own), else one shared. */
    private static Distribution[] distributions(PluginContext context, int heads) {
        Distribution first = context.distribution();
        Distribution[] f = new Distribution[heads];
        for (int h = 0; h < heads; h++) {
            f[h] = h == 0 || first.parameters().isEmpty() ? first : context.distribution(h);
        }
        return f;
    }

    /**
     * The appended key/value rows: bias_k, bias_v drawn as PyTorch's {@code xavier_normal_}, each from
     * the stream named after it. Refused with rope or ALiBi, which give keys a position: PyTorch has
     * neither, and the appended rows have none.
     */
    private static KeyExtras extras(PluginContext context, int width) {
        boolean biasKv = context.getBoolean(ADD_BIAS_KV);
        boolean zeroAttn = context.getBoolean(ADD_ZERO_ATTN);
        if (!biasKv && !zeroAttn) {
            return KeyExtras.NONE;
        }
        String key = biasKv ? ADD_BIAS_KV : ADD_ZERO_ATTN;
        for (String positional : List.of(RotarySettings.ROPE, PositionalSettings.ALIBI)) {
            if (context.getBoolean(positional)) {
                throw new ConfigException(key, "cannot be combined with " + positional + ": it gives each key a"
                        + " position, and the appended key rows (PyTorch's add_bias_kv/add_zero_attn, which has no "
                        + positional + ") have none", "turn off " + positional + " or " + key);
            }
        }
        return new KeyExtras(
                biasKv ? KeyExtras.xavierNormal(context.random(KeyExtras.BIAS_K), context.dtype(), width) : null,
                biasKv ? KeyExtras.xavierNormal(context.random(KeyExtras.BIAS_V), context.dtype(), width) : null,
                zeroAttn);
    }

    /** {@code W [out, in]} Xavier-uniform from the stream named after it; {@code b [1, out]} zeros. */
    private static AffineMap map(PluginContext context, String weight, String bias, int out, int in, boolean withBias) {
        Tensor w = LinearMaps.xavierUniform(context.random(weight), context.dtype(), out, in);
        return new AffineMap(w, withBias ? Tensor.zeros(context.dtype(), 1, out) : null);
    }
}
