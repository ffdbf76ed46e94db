package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * End-to-end memory network (Sukhbaatar, Szlam, Weston and Fergus 2015, MemN2N): a question
 * attends over a memory of sentences for K hops,
 * <pre>
 *   u_1     = B q                                  q [V_q] a question row, B [dim, V_q]
 *   m_i^k   = A_k x_i,   c_i^k = C_k x_i           x_i [V] a memory row (sentence), A_k, C_k [dim, V]
 *   p^k     = f(a(m^k, u_k))                       weights over the sentences, hop k
 *   o_k     = Σ_i p_i^k c_i^k
 *   u_{k+1} = u_k + o_k                            tying: adjacent
 *   u_{k+1} = H u_k + o_k                          tying: layer-wise (H [dim, dim])
 *   output  = u_{K+1}
 * </pre>
 * with the configured alignment a and distribution f (the paper's: dot and softmax), one of each
 * shared by every hop. Tying {@code adjacent}: A_{k+1} = C_k and B = A_1, so the parameters are
 * {@code variant.A1, C1, …, CK}; the question's width must equal the memory's. Tying
 * {@code layer-wise}: every hop uses the same {@code variant.A, C}, plus {@code B} and {@code H}.
 * The paper's answer layer {@code softmax(W u_{K+1})} is left to the next layer (with
 * {@code attention fit}, a head and the cross-entropy loss).
 *
 * <p>Inputs: {@code memory [batch…, n, V]}, one row per sentence (e.g. bag-of-words counts; time
 * words as extra columns give the paper's temporal encoding), and {@code query [batch…, q, V_q]},
 * q questions about the same memory, each answered on its own. Results: {@code output
 * [batch…, q, dim]} and {@code weights [batch…, K, q, n]}, every hop's p stacked (hop k at index
 * k − 1; unbatched inputs give {@code [K, q, n]}). Lengths mark padding: padded sentences get weight
 * 0, padded questions a zero output row and zero weights. Immutable and thread-safe.
 */
final class MemoryVariant implements Variant {
    static final String ID = "memory";
    static final String MEMORY = "memory";
    static final String QUERY = "query";
    static final String HOPS = "hops";
    static final String TYING = "tying";
    static final String ADJACENT = "adjacent";
    static final String LAYER_WISE = "layer-wise";

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(MEMORY, "[batch…, n, V] one row per sentence (e.g. bag-of-words counts); lengths mark"
                    + " padding"),
            InputSpec.required(QUERY, "[batch…, q, V_q] the questions about that memory (V_q = V with adjacent"
                    + " tying); lengths mark padding"));

    private final Alignment alignment;
    private final Distribution distribution;
    private final int hops;
    /** Own parameters by name, in the order {@link #parameters()} lists them. */
    private final Map<String, Tensor> own;
    private final boolean adjacent;
    /** Computes the embeddings and their gradients (matrix products over every story at once). */
    private final AttentionKernel kernel;

    MemoryVariant(Alignment alignment, Distribution distribution, int hops, boolean adjacent, Map<String, Tensor> own,
            AttentionKernel kernel) {
        this.kernel = kernel;
        this.alignment = alignment;
        this.distribution = distribution;
        this.hops = hops;
        this.adjacent = adjacent;
        this.own = new LinkedHashMap<>(own);
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    /** The name of hop k's (from 1) input embedding A_k. */
    private String a(int k) {
        return adjacent ? (k == 1 ? "A1" : "C" + (k - 1)) : "A";
    }

    /** The name of hop k's (from 1) output embedding C_k. */
    private String c(int k) {
        return adjacent ? "C" + k : "C";
    }

    /** The name of the question embedding B. */
    private String b() {
        return adjacent ? "A1" : "B";
    }

    /** One hop's intermediates: its input u_k, the embedded memory and the attention over it. */
    private record Hop(Tensor u, Tensor m, Tensor c, Attend.Forward attend) {
    }

    /** Every hop of a forward pass; {@code out} is u_{K+1} (padded questions not yet zeroed). */
    private record Trace(Tensor memory, Tensor query, Mask mask, Hop[] hops, Tensor out) {
    }

    private Trace trace(AttentionInputs inputs) {
        Tensor x = inputs.tensor(MEMORY);
        Tensor q = inputs.tensor(QUERY);
        if (x.rank() < 2 || q.rank() != x.rank() || !Arrays.equals(x.batchShape(), q.batchShape())) {
            throw new ShapeException("memory inputs 'memory' " + ShapeException.format(x.shape()) + " and 'query' "
                    + ShapeException.format(q.shape()) + " need the same batch dimensions: memory [batch…, n, V],"
                    + " query [batch…, q, V_q]");
        }
        DType dtype = x.dtype();
        Mask mask = PositionMasks.padding(inputs.lengths(QUERY), inputs.lengths(MEMORY));
        Tensor u = LinearMaps.apply(kernel, "memory input 'query'", q, own.get(b()).to(dtype), null);
        Hop[] trace = new Hop[hops];
        for (int k = 1; k <= hops; k++) {
            Tensor m = LinearMaps.apply(kernel, "memory input 'memory'", x, own.get(a(k)).to(dtype), null);
            Tensor c = LinearMaps.apply(kernel, "memory input 'memory'", x, own.get(c(k)).to(dtype), null);
            Attend.Forward f = Attend.forward(alignment, distribution, u, m, c, mask);
            trace[k - 1] = new Hop(u, m, c, f);
            Tensor carried = adjacent ? u
                    : LinearMaps.apply(kernel, "memory state u", u, own.get("H").to(dtype), null);
            u = TensorSums.sum(carried, f.output());
        }
        return new Trace(x, q, mask, trace, u);
    }

    /** Zeroes the rows of padded questions ({@code i ≥ lengths("query")[b]}); null stays null. */
    private static Tensor withoutPaddedQuestions(Tensor t, Optional<int[]> lengths) {
        if (t == null || lengths.isEmpty()) {
            return t;
        }
        double[] v = t.toDoubleArray();
        int rows = t.rows();
        int cols = t.cols();
        for (int b = 0; b < t.batchSize(); b++) {
            for (int i = lengths.get()[b]; i < rows; i++) {
                Arrays.fill(v, (b * rows + i) * cols, (b * rows + i + 1) * cols, 0);
            }
        }
        return Tensor.of(t.dtype(), t.shape(), v);
    }

    /** {@code [batch…, K, q, n]}: the batch shape of {@code query}, then hops, questions, sentences. */
    private int[] weightsShape(Tensor query, int sentences) {
        int[] batch = query.batchShape();
        int[] shape = Arrays.copyOf(batch, batch.length + 3);
        shape[batch.length] = hops;
        shape[batch.length + 1] = query.rows();
        shape[batch.length + 2] = sentences;
        return shape;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Trace t = trace(inputs);
        int batch = t.query().batchSize();
        int q = t.query().rows();
        int n = t.memory().rows();
        Tensor.Builder weights = Tensor.builder(t.memory().dtype(), weightsShape(t.query(), n));
        for (int k = 0; k < hops; k++) {
            Tensor p = t.hops()[k].attend().weights();
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < q; i++) {
                    for (int j = 0; j < n; j++) {
                        // Masked entries are exactly 0 whatever the distribution left there.
                        double w = t.mask().allows(b, i, j) ? p.get(b, i, j) : 0;
                        weights.set(((b * hops + k) * q + i) * n + j, w);
                    }
                }
            }
        }
        Map<String, Tensor> r = new LinkedHashMap<>();
        r.put(AttentionResult.OUTPUT, withoutPaddedQuestions(t.out(), inputs.lengths(QUERY)));
        r.put(AttentionResult.WEIGHTS, weights.build());
        return AttentionResult.of(r);
    }

    /** Hop k's (from 0) slice {@code [batch…, q, n]} of a stacked weights gradient, or null. */
    private Tensor hopSlice(Tensor stacked, int k, Tensor scores) {
        if (stacked == null) {
            return null;
        }
        int batch = scores.batchSize();
        int q = scores.rows();
        int n = scores.cols();
        Tensor.Builder s = Tensor.builder(stacked.dtype(), scores.shape());
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < n; j++) {
                    s.set(b, i, j, stacked.at(((b * hops + k) * q + i) * n + j));
                }
            }
        }
        return s.build();
    }

    /**
     * Back through the hops, last first: at hop k the gradient g of u_{k+1} reaches o_k (through
     * {@link Attend#backward} to u_k, m^k, c^k and the components) and u_k directly (adjacent) or as
     * {@code g H} (layer-wise, {@code dH += gᵀ u_k}); m^k, c^k give {@code dA_k, dC_k} and the memory's
     * gradient; finally {@code u_1 = B q} gives {@code dB} and the question's. Tied matrices sum their
     * gradients.
     */
    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Trace t = trace(inputs);
        DType dtype = t.memory().dtype();
        int[] outputShape = t.out().shape();
        ResultGradients given = ResultGradients.read(ID, resultGradients, outputShape,
                weightsShape(t.query(), t.memory().rows()));
        Tensor g = withoutPaddedQuestions(given.output(), inputs.lengths(QUERY));
        if (g == null) {
            g = Tensor.zeros(dtype, outputShape);
        }
        g = g.to(dtype);
        Map<String, Tensor> dOwn = new LinkedHashMap<>();
        Tensor dMemory = Tensor.zeros(dtype, t.memory().shape());
        Parameters dAlignment = null;
        Parameters dDistribution = null;
        for (int k = hops; k >= 1; k--) {
            Hop hop = t.hops()[k - 1];
            Attend.Backward back = Attend.backward(alignment, distribution, hop.u(), hop.m(), hop.c(), t.mask(),
                    hop.attend(), g, hopSlice(given.weights(), k - 1, hop.attend().scores()));
            accumulate(dOwn, a(k), LinearMaps.weightGradient(kernel, back.keys(), t.memory(), dtype));
            accumulate(dOwn, c(k), LinearMaps.weightGradient(kernel, back.values(), t.memory(), dtype));
            dMemory = TensorSums.sum(dMemory,
                    LinearMaps.inputGradient(kernel, back.keys(), own.get(a(k)).to(dtype)),
                    LinearMaps.inputGradient(kernel, back.values(), own.get(c(k)).to(dtype)));
            dAlignment = dAlignment == null ? back.alignment() : ParameterSums.sum(dAlignment, back.alignment());
            dDistribution = dDistribution == null ? back.distribution()
                    : ParameterSums.sum(dDistribution, back.distribution());
            Tensor carried = g;
            if (!adjacent) {
                accumulate(dOwn, "H", LinearMaps.weightGradient(kernel, g, hop.u(), dtype));
                carried = LinearMaps.inputGradient(kernel, g, own.get("H").to(dtype));
            }
            g = TensorSums.sum(carried, back.queries().to(dtype));
        }
        accumulate(dOwn, b(), LinearMaps.weightGradient(kernel, g, t.query(), dtype));
        Tensor dQuery = LinearMaps.inputGradient(kernel, g, own.get(b()).to(dtype));
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        own.forEach((name, value) -> ordered.put(name, dOwn.get(name).to(value.dtype())));
        Map<String, Tensor> dInputs = new LinkedHashMap<>();
        dInputs.put(MEMORY, dMemory);
        dInputs.put(QUERY, dQuery);
        return new VariantGradients(dInputs,
                QualifiedParameters.ownFirst(Parameters.of(ordered), dAlignment, dDistribution));
    }

    private static void accumulate(Map<String, Tensor> sums, String name, Tensor g) {
        sums.merge(name, g, (x, y) -> TensorSums.sum(x, y));
    }

    /**
     * Batch entries (stories) do not see each other. Questions are independent too, but the engine
     * splits rows only of an input named 'queries', so that is not declared.
     */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(alignment.independence()).and(distribution.independence());
    }

    @Override
    public Parameters parameters() {
        return QualifiedParameters.ownFirst(Parameters.of(own), alignment.parameters(), distribution.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        if (parameters.isEmpty()) {
            return this;
        }
        QualifiedParameters.requireKnown("memory network", parameters(), parameters);
        Parameters local = parameters.withoutPrefix(QualifiedParameters.VARIANT);
        Map<String, Tensor> next = new LinkedHashMap<>();
        own.forEach((name, value) -> next.put(name, QualifiedParameters.replace(local, name, value)));
        return new MemoryVariant(QualifiedParameters.alignment(alignment, parameters),
                QualifiedParameters.distribution(distribution, parameters), hops, adjacent, next,
                kernel);
    }

    @Override
    public String toString() {
        return "MemoryVariant(" + alignment + ", " + distribution + ", " + hops + " hops, "
                + (adjacent ? ADJACENT : LAYER_WISE) + ", dim " + own.get(b()).rows() + ")";
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam(HOPS).defaultValue(3).atLeast(1)
                    .doc("number of hops K: u_{k+1} = u_k + o_k (or H u_k + o_k), output u_{K+1}"),
            ParameterSpec.stringParam(TYING).defaultValue(ADJACENT).choices(ADJACENT, LAYER_WISE)
                    .doc("adjacent: A_{k+1} = C_k, B = A_1 (parameters A1, C1…CK); layer-wise: one A and C for every"
                            + " hop, plus B and H"),
            ProjectionSettings.dim("embedding width of u, m and c; 0 means V, the memory's width"));

    /**
     * Draws each matrix Xavier-uniform from its own named stream ({@code "A1"}, {@code "C1"}, …), so
     * a different hop count leaves the first matrices as they were.
     *
     * @throws ConfigException when the memory's width is unknown, or adjacent tying is asked for a
     *     question of another width
     */
    static Variant create(PluginContext context) {
        int v = context.requireWidth(MEMORY);
        int vq = context.width(QUERY).orElse(v);
        int dim = ProjectionSettings.dim(context, v);
        int hops = context.getInt(HOPS);
        boolean adjacent = context.getString(TYING).equals(ADJACENT);
        DType dtype = context.dtype();
        Map<String, Tensor> own = new LinkedHashMap<>();
        if (adjacent) {
            if (vq != v) {
                throw new ConfigException(TYING, "adjacent tying uses B = A_1, so 'query' needs the width of 'memory' ("
                        + v + "), got " + vq, "pad the question rows with zero columns to width " + v
                        + ", or use tying: layer-wise");
            }
            own.put("A1", LinearMaps.xavierUniform(context.random("A1"), dtype, dim, v));
            for (int k = 1; k <= hops; k++) {
                own.put("C" + k, LinearMaps.xavierUniform(context.random("C" + k), dtype, dim, v));
            }
        } else {
            own.put("A", LinearMaps.xavierUniform(context.random("A"), dtype, dim, v));
            own.put("C", LinearMaps.xavierUniform(context.random("C"), dtype, dim, v));
            own.put("B", LinearMaps.xavierUniform(context.random("B"), dtype, dim, vq));
            own.put("H", LinearMaps.xavierUniform(context.random("H"), dtype, dim, dim));
        }
        return new MemoryVariant(context.alignment(dim, dim), context.distribution(), hops, adjacent, own,
                context.kernel());
    }
}
