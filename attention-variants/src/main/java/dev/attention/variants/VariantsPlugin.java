package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginRegistrar;
import dev.attention.api.spi.StreamForm;

/**
 * The entry point of this jar: the variants. Each composes the configured alignment and
 * distribution ({@link PluginContext#alignment()}, {@link PluginContext#distribution()}) unless it
 * declares otherwise ({@code composes}); what it computes, its inputs and shapes are on its variant class. Short factories are written here; a
 * variant whose creation draws several learned tensors keeps its {@code PARAMETERS} and
 * {@code create} beside its class. Learned matrices are {@code [out, in]}, Xavier-uniform from a
 * named {@link PluginContext#random(String)} stream unless said otherwise.
 */
public final class VariantsPlugin implements AttentionPlugin {
    private static final String OFFSET = "offset";

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public void register(PluginRegistrar plugins) {
        // Soft attention of every query over all (unpadded) keys; no parameters of its own. Every
        // query stands while keys and values arrive.
        plugins.variant("global", "global (soft) attention over all keys: output_i = Σ_j f(a(K_j, Q_i)) · V_j",
                c -> new GlobalVariant(c.alignment(), c.distribution(), c.kernel()))
                .streamForm(c -> StreamForm.standingQueries());

        // One input 'sequence' is queries, keys and values, or their learned projections. Causal
        // self-attention decodes with a KV cache (of the last 'window' tokens with a window).
        plugins.variant("self", "self-attention over one sequence X: output_i = Σ_j f(a(K_j, Q_i)) · V_j with"
                + " Q = K = V = X (or X W_qᵀ, X W_kᵀ, X W_vᵀ); optional causal and window masks, positional"
                + " encodings and ALiBi", SelfVariant::create)
                .parameters(SelfVariant.PARAMETERS)
                .streamForm(c -> c.getBoolean(OrderSettings.CAUSAL)
                        ? Projections.rowMaps(StreamForm.keyValueCache(c.getInt(OrderSettings.WINDOW)),
                                ProjectionSettings.enabled(c))
                        : StreamForm.none("self-attention over a stream needs causal: true",
                                "a token cannot attend to tokens that have not arrived; set causal: true"));

        // One sequence's queries over another's keys and values. Standing queries, through the
        // learned projections when there are any; causal has no stream form.
        plugins.variant("cross", "cross-attention of one sequence's queries over another's keys and values:"
                + " output_i = Σ_j f(a(K_j, Q_i)) · V_j, optionally with Q = X_q W_qᵀ, K = X_k W_kᵀ, V = X_v W_vᵀ,"
                + " positional encodings and ALiBi", CrossVariant::create)
                .parameters(CrossVariant.PARAMETERS)
                .streamForm(c -> c.getBoolean(OrderSettings.CAUSAL)
                        ? StreamForm.none("cross with causal: true has no stream form",
                                "stream it without causal, or use self with causal: true for decoding")
                        : Projections.rowMaps(StreamForm.standingQueries(), ProjectionSettings.enabled(c)));

        // Attention pooling of a sequence into one row with a learned context vector (Yang et al. 2016).
        plugins.variant("pooling", "attention pooling with a learned context vector u: output = Σ_t f(a(k_t, u)) · h_t,"
                + " k_t = tanh(W h_t + b) (hidden > 0) or h_t", PoolingVariant::create)
                .parameters(PoolingVariant.PARAMETERS);

        // Each query attends to k of its keys, the top-k by weight or k sampled in proportion to the
        // weights, with the chosen weights renormalised.
        plugins.variant("hard", "hard attention over k chosen keys C_i (top-k or sampled by weight): "
                + "output_i = Σ_{j∈C_i} (w_ij / Σ_{c∈C_i} w_ic) · V_j, w_i = f(a(K, Q_i))",
                c -> new HardVariant(c.alignment(), c.distribution(), c.getInt("k"),
                        HardChoice.Mode.fromId(c.getString("mode")), c.seed()))
                .parameters(ParameterSpec.intParam("k").defaultValue(1).atLeast(1)
                                .doc("number of keys each query attends to; rows with fewer real keys use all of them,"
                                        + " k above the data's key count is an error"),
                        ParameterSpec.stringParam("mode").defaultValue("top-k").choices("top-k", "sample")
                                .doc("top-k: the k largest weights (ties to the lower index); sample: k keys drawn"
                                        + " without replacement ∝ weight, reproducible from the seed"));

        // Each query attends to the keys within 'window' positions of its own index.
        plugins.variant("local-m", "local attention around the query's own position (Luong et al. 2015, local-m): "
                + "output_i = Σ_{|j−i|≤D} f(a(K_j, Q_i)) · V_j, f normalised over the window",
                c -> new LocalMVariant(c.alignment(), c.distribution(), c.getInt("window"), c.kernel()))
                .parameters(ParameterSpec.intParam("window").defaultValue(2).atLeast(0)
                        .doc("half-width D: query i attends to keys j with |j − i| ≤ D"));

        // Each query predicts a position p = S·sigmoid(v_pᵀ tanh(W_p q)) and attends to a
        // Gaussian-damped window around it; W_p is sized by the queries' width, taken from the data.
        plugins.variant("local-p", "local attention around a predicted position (Luong et al. 2015, local-p):"
                + " p_i = S·sigmoid(v_pᵀ tanh(W_p Q_i)), output_i = Σ_{|j−round(p_i)|≤D} f(a(K_j, Q_i))"
                + " · exp(−(j−p_i)²/(2σ²)) · V_j, σ = D/2",
                c -> new LocalPVariant(c.alignment(), c.distribution(), PositionPredictor.xavier(c.getInt("hidden"),
                        c.requireWidth(QkvBinding.QUERIES), c.random(), c.dtype()), c.getInt("window")))
                .parameters(ParameterSpec.intParam("window").defaultValue(2).atLeast(1)
                                .doc("half-width D: keys within D of round(p) take part; the Gaussian has σ = D/2,"
                                        + " so D ≥ 1"),
                        ParameterSpec.intParam("hidden").defaultValue(8).atLeast(1)
                                .doc("rows of W_p [hidden, d_q] and width of v_p [1, hidden] in"
                                        + " p = S·sigmoid(v_pᵀ tanh(W_p q))"));

        // Attention over contiguous areas of up to max-width keys, each with the mean of its keys
        // and the sum of its values.
        plugins.variant("area", "area attention (Li et al. 2019) over contiguous key ranges a of width ≤ max-width: "
                + "output_i = Σ_a f(a(mean_{r∈a} K_r, Q_i)) · Σ_{r∈a} V_r",
                c -> new AreaVariant(c.alignment(), c.distribution(), c.getInt("max-width")))
                .parameters(ParameterSpec.intParam("max-width").defaultValue(2).atLeast(1)
                        .doc("widest area in keys; widths above the key count are not formed; 1 = global attention"));

        // Causal self multi-head decodes token by token with its own KV cache (kv-heads wide).
        plugins.variant(MultiHeadVariant.ID, "multi-head attention: output = [head_1, …, head_h] W_oᵀ + b_o,"
                + " head_k = Σ_j f(a(K_kj, Q_ki)) · V_kj with Q = X_q W_qᵀ + b_q, K = X_k W_kᵀ + b_k,"
                + " V = X_v W_vᵀ + b_v split into h heads (K, V into kv-heads, each shared by h / kv-heads query heads);"
                + " add-bias-kv / add-zero-attn append PyTorch's learned row bias_k, bias_v and a zero row to K, V"
                + " (weights then [batch…, h, n, m + 1 or 2])",
                MultiHeadVariant::create)
                .parameters(MultiHeadVariant.PARAMETERS)
                .streamForm(MultiHeadDecoder::streamForm)
                .imports(new TorchMultiheadImport(), new LlamaAttentionImport(), new BertAttentionImport());

        // DiSAN's feature-wise attention, one weight per (query, key, feature). It scores with its
        // own learned function and never asks for an alignment: a configured one is ignored.
        plugins.variant(MultidimensionalVariant.ID, "multi-dimensional (feature-wise) attention, DiSAN:"
                + " output_ic = Σ_j f(s_·jc)_i · v_jc with s_ij = W σ(W_1 q_i + W_2 k_j + b_1) + b, one score per"
                + " feature; ignores the alignment", MultidimensionalVariant::create)
                .parameters(MultidimensionalVariant.PARAMETERS)
                .composes(PluginKind.DISTRIBUTION);

        // Active memory (Neural GPU): a convolutional GRU updates every position of the memory in
        // parallel; it attends nowhere, so it composes no alignment and no distribution.
        plugins.variant(ActiveMemoryVariant.ID, "active memory (Kaiser and Sutskever 2016, Neural GPU): a"
                + " convolutional GRU applied steps times to the whole memory s [n, d]: s ← u ∘ s + (1 − u) ∘"
                + " tanh(U * (r ∘ s) + B), u = σ(U_u * s + B_u), r = σ(U_r * s + B_r), * a convolution over"
                + " positions; output = the final s, per position; uses no alignment or distribution",
                ActiveMemoryVariant::create)
                .parameters(ActiveMemoryVariant.PARAMETERS)
                .composes();

        // Two sequences a and b attend to each other (Lu et al. 2016): in parallel through an
        // affinity matrix (ParallelCoAttention) or in three alternating steps (AlternatingCoAttention).
        plugins.variant("co-attention", "co-attention of two sequences a, b (Lu et al. 2016): output = Σ_i"
                + " f(a(H_a,i, w_a)) a_i, output_b likewise; H from the affinity tanh(A W_c Bᵀ) (parallel) or"
                + " alternating guides", VariantsPlugin::coAttention)
                .parameters(ParameterSpec.stringParam("mode").defaultValue("parallel").choices("parallel", "alternating")
                                .doc("parallel: affinity C = tanh(A W_c Bᵀ) guides both sides at once; alternating: b,"
                                        + " then a, then b"),
                        ParameterSpec.intParam("hidden").defaultValue(8).atLeast(1)
                                .doc("width k of the hidden states H = tanh(…) scored against the learned w [1, k]"));

        // Attention over N representations of each element. The representations are named inputs
        // listed in one comma-separated string (plugin parameters are scalars); the engine's input
        // check then refuses any input not listed.
        plugins.variant("multi-representational", "attention over N representations of each element:"
                + " output_i = Σ_r f(a(P_r x_r,i, u))_r · P_r x_r,i", MultiRepresentationalVariant::create)
                .parameters(MultiRepresentationalVariant.PARAMETERS);

        // Hierarchical attention pooling over nested input (Yang et al. 2016), one level per level of
        // nesting, each level context with its own alignment, distribution and hidden. Without level
        // contexts (a Java caller, the contract kit) it has two levels from the variant's own context.
        plugins.variant("multilevel", "hierarchical attention (Yang et al. 2016): level k pools the units of"
                + " level k − 1 (tokens → sentences → documents), each level with its own alignment, distribution"
                + " and u", MultilevelVariant::create)
                .parameters(MultilevelVariant.PARAMETERS)
                .takesLevels();

        // Monotonic attention (Raffel et al. 2017): the expected alignment when fitting, hard decisions
        // when run and over arriving keys in a stream.
        plugins.variant("monotonic", "monotonic attention: query i takes V_j of the first j ≥ t_{i−1} with"
                + " sigmoid(a(K_j, Q_i) + r) ≥ 0.5 (zero if none); fitting uses the expected alignment α",
                c -> new MonotonicVariant(c.alignment(), c.distribution(), c.getDouble(OFFSET), MonotonicTraining.of(c)))
                .parameters(offset(), MonotonicTraining.MODE_SPEC, MonotonicTraining.NOISE_SPEC)
                .streamForm(c -> monotonicStream(c, 1));

        // Monotonic chunkwise attention (Chiu and Raffel 2018): expected chunk weights when fitting;
        // streams over chunks of 'chunk' arriving keys.
        plugins.variant("mocha", "monotonic chunkwise attention: soft attention f(a(K, Q_i)) over the w keys"
                + " ending at the monotonic position t_i; fitting uses the expected chunk weights β",
                c -> new MochaVariant(c.alignment(), c.distribution(), c.getDouble(OFFSET), c.getInt("chunk"),
                        MonotonicTraining.of(c)))
                .parameters(offset(), ParameterSpec.intParam("chunk").defaultValue(2).atLeast(1)
                        .doc("chunk width w: keys t_i − w < j ≤ t_i"),
                        MonotonicTraining.MODE_SPEC, MonotonicTraining.NOISE_SPEC)
                .streamForm(c -> monotonicStream(c, c.getInt("chunk")));

        // Graph attention (Veličković et al. 2018): each node over its neighbour block only, one
        // alignment call per node, memory proportional to the edges.
        plugins.variant(GraphVariant.ID, "graph attention (GAT): output_i = Σ_{j∈N(i)} f(a(z_N(i), z_i))_j · z_j,"
                + " z = W h (or h), N(i) the neighbours of node i by the edges [e, 2] (plus i with self-loops); H heads"
                + " concatenated or averaged",
                GraphVariant::create)
                .parameters(GraphVariant.PARAMETERS);

        // End-to-end memory network (Sukhbaatar et al. 2015): questions attend over a memory of
        // sentences for several hops, each hop's output added to the question's state.
        plugins.variant(MemoryVariant.ID, "end-to-end memory network (MemN2N): u_1 = B q, p^k = f(a(A_k x, u_k)),"
                + " u_{k+1} = u_k + Σ_i p_i^k C_k x_i (layer-wise: H u_k + …) for K hops; output u_{K+1}, weights"
                + " every hop's p; adjacent or layer-wise tying", MemoryVariant::create)
                .parameters(MemoryVariant.PARAMETERS);
    }

    /** Hard decisions over arriving keys; {@code mode: soft} has none (the expected alignment needs every key). */
    private static StreamForm monotonicStream(PluginContext c, int chunk) {
        if (c.getString(MonotonicTraining.MODE).equals("soft")) {
            return StreamForm.none("monotonic attention with mode: soft has no stream form",
                    "the expected alignment needs every key; stream with mode: auto or hard (hard decisions)");
        }
        return StreamForm.monotonic(c.getDouble(OFFSET), chunk);
    }

    /** The stopping bias shared by monotonic and mocha. */
    private static ParameterSpec offset() {
        return ParameterSpec.doubleParam(OFFSET).defaultValue(0.0)
                .doc("r in the energy a(K_j, Q_i) + r; a key fires when sigmoid(energy) ≥ 0.5");
    }

    /**
     * Draws every matrix Xavier-uniform from its own named stream ({@code "W_c"}, {@code "W_x2"}, …),
     * so adding a parameter never changes the others. The alignment scores a hidden row (key, width
     * k) against the learned w (query, width k).
     */
    private static Variant coAttention(PluginContext c) {
        int da = c.requireWidth(CoAttentionInputs.A);
        int db = c.requireWidth(CoAttentionInputs.B);
        int k = c.getInt("hidden");
        Alignment a = c.alignment(k, k);
        if (c.getString("mode").equals("parallel")) {
            return new ParallelCoAttention(a, c.distribution(), new ParallelCoAttention.Weights(
                    draw(c, "W_c", da, db), draw(c, "W_a", k, da), draw(c, "W_b", k, db),
                    draw(c, "w_a", 1, k), draw(c, "w_b", 1, k)));
        }
        return new AlternatingCoAttention(a, c.distribution(),
                new GuidedSummary(1, draw(c, "W_x1", k, db), null, draw(c, "w1", 1, k)),
                new GuidedSummary(2, draw(c, "W_x2", k, da), draw(c, "W_g2", k, db), draw(c, "w2", 1, k)),
                new GuidedSummary(3, draw(c, "W_x3", k, db), draw(c, "W_g3", k, da), draw(c, "w3", 1, k)));
    }

    private static Tensor draw(PluginContext c, String name, int rows, int cols) {
        return LinearMaps.xavierUniform(c.random(name), c.dtype(), rows, cols);
    }
}
