package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.InputSpec;
import dev.attention.api.Learnable;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph attention (Veličković et al. 2018, GAT): each node attends over its neighbours only, in
 * each of H heads,
 * <pre>
 *   z^h_i    = W_h h_i                          (project: true; W_h [dim, d], dim = d when 0)
 *   z^h_i    = h_i                              (project: false)
 *   w^h_i·   = f_h(a_h(z^h_N(i), z^h_i))        one alignment call per node and head on its neighbour block
 *   out^h_i  = Σ_{j∈N(i)} w^h_ij · z^h_j
 *   output_i = [out^1_i ‖ … ‖ out^H_i]          concat: true, output [n, H·k]
 *   output_i = (1/H) Σ_h out^h_i                concat: false, output [n, k]   (k = dim, or d)
 * </pre>
 * The W_h are the row blocks of one {@code variant.W [H·dim, d]} (head h: rows {@code [h·dim, (h+1)·dim)}).
 * Inputs: {@code nodes [n, d]} and {@code edges [e, 2]}, rows {@code (j, i)} of node indices
 * (source, target; whole numbers in {@code [0, n)} held in a floating-point tensor). Undirected by
 * default: a row links j and i both ways, as GAT on its citation graphs; with {@code directed: true}
 * row {@code (j, i)} lets i attend to j only (PyTorch Geometric's source → target). With
 * {@code self-loops: true} (default) every node is its own neighbour too; repeated edges count once.
 *
 * <p>Memory is proportional to the edges, never {@code n²}: the weights come as
 * {@code weights [E, H]}, one row per (target, source) pair in the order of {@code pairs [E, 2]}
 * (rows {@code (i, j)}, by target, then source ascending), one column per head. A node without
 * neighbours (no edges, self-loops off) gets zero weights and a zero output. With one head, on a
 * fully connected graph with self-loops and {@code project: false} it is {@code self} attention with
 * the same alignment and distribution.
 *
 * <p>Backward: the gradient of {@code nodes} through z (and W); {@code edges} are indices and get a
 * zero gradient. Parameters: {@code variant.W} (with projection), {@code alignment.*} and
 * {@code distribution.*}; with several heads a learnable alignment (distribution) is created once
 * per head and named {@code alignment.head<h>.*} ({@code distribution.head<h>.*}), a
 * parameter-free one is shared. Rows depend on each other, so the engine never splits them.
 * Immutable.
 */
final class GraphVariant implements Variant {
    static final String ID = "graph";
    static final String NODES = "nodes";
    static final String EDGES = "edges";
    /** Result: the (target, source) pair of each weight row. */
    static final String PAIRS = "pairs";
    static final String W = "W";
    static final String SELF_LOOPS = "self-loops";
    static final String DIRECTED = "directed";
    static final String HEADS = "heads";
    static final String CONCAT = "concat";

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(NODES, "[n, d] one row of features per node"),
            InputSpec.required(EDGES, "[e, 2] rows (source j, target i) of node indices 0..n−1; node i attends"
                    + " over its neighbours j"));

    /** Edge handling and how heads combine. */
    record Settings(boolean directed, boolean selfLoops, boolean concat) {
    }

    private final Alignment[] alignments;
    private final Distribution[] distributions;
    /** {@code [H·dim, d]}, or null without projection. */
    private final Tensor w;
    private final Settings settings;

    GraphVariant(Alignment[] alignments, Distribution[] distributions, Tensor w, Settings settings) {
        this.alignments = alignments.clone();
        this.distributions = distributions.clone();
        this.w = w;
        this.settings = settings;
    }

    private int heads() {
        return alignments.length;
    }

    /** Whether component parameters are named per head: several heads, each with its own instance. */
    private static boolean perHead(Learnable[] parts) {
        return parts.length > 1 && !parts[0].parameters().isEmpty();
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    /** The nodes, each head's features {@code z^h [n, k]}, and the neighbour blocks. */
    private record Graph(Tensor nodes, Tensor[] z, GraphNeighbours neighbours) {
    }

    private Graph graph(AttentionInputs inputs) {
        Tensor x = inputs.tensor(NODES);
        if (x.rank() != 2) {
            throw new ShapeException("graph input 'nodes' must be [n, d] (one row per node), got "
                    + ShapeException.format(x.shape()));
        }
        if (inputs.lengths(NODES).isPresent()) {
            throw new ShapeException("graph input 'nodes' takes no lengths: every row is a node; leave out the padding");
        }
        GraphNeighbours nb = GraphNeighbours.of(inputs.tensor(EDGES), x.rows(), settings.directed(),
                settings.selfLoops());
        Tensor[] z = new Tensor[heads()];
        if (w == null) {
            java.util.Arrays.fill(z, x);
        } else {
            Tensor all = LinearMaps.apply("graph input 'nodes'", x, w.to(x.dtype()), null);
            int k = all.cols() / heads();
            for (int h = 0; h < heads(); h++) {
                z[h] = columns(all, h * k, k);
            }
        }
        return new Graph(x, z, nb);
    }

    /** Columns {@code [from, from + count)} of a matrix. */
    private static Tensor columns(Tensor t, int from, int count) {
        int n = t.rows();
        int c = t.cols();
        double[] v = new double[n * count];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < count; j++) {
                v[i * count + j] = t.at(i * c + from + j);
            }
        }
        return Tensor.of(t.dtype(), new int[] {n, count}, v);
    }

    private static Tensor rows(Tensor z, GraphNeighbours nb, int i) {
        int k = z.cols();
        int m = nb.degree(i);
        double[] v = new double[m * k];
        double[] row = new double[k];
        for (int t = 0; t < m; t++) {
            z.copyRow(0, nb.source(nb.start(i) + t), row);
            System.arraycopy(row, 0, v, t * k, k);
        }
        return Tensor.of(z.dtype(), new int[] {m, k}, v);
    }

    private static Tensor row(Tensor z, int i) {
        double[] row = new double[z.cols()];
        z.copyRow(0, i, row);
        return Tensor.of(z.dtype(), new int[] {1, z.cols()}, row);
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Graph g = graph(inputs);
        GraphNeighbours nb = g.neighbours();
        int n = nb.nodes();
        int heads = heads();
        int k = g.z()[0].cols();
        int width = settings.concat() ? heads * k : k;
        double share = settings.concat() ? 1 : 1.0 / heads;
        DType dtype = g.nodes().dtype();
        double[] out = new double[n * width];
        Tensor.Builder weights = Tensor.builder(dtype, nb.pairs(), heads);
        for (int h = 0; h < heads; h++) {
            Tensor z = g.z()[h];
            int offset = settings.concat() ? h * k : 0;
            for (int i = 0; i < n; i++) {
                int m = nb.degree(i);
                if (m == 0) {
                    continue;
                }
                Tensor keys = rows(z, nb, i);
                Tensor wi = distributions[h].weights(alignments[h].scores(row(z, i), keys), Mask.all());
                for (int c = 0; c < k; c++) {
                    double acc = 0;
                    for (int t = 0; t < m; t++) {
                        acc += wi.at(t) * keys.at(t * k + c);
                    }
                    out[i * width + offset + c] += share * acc;
                }
                for (int t = 0; t < m; t++) {
                    weights.set((nb.start(i) + t) * heads + h, wi.at(t));
                }
            }
        }
        Map<String, Tensor> r = new LinkedHashMap<>();
        r.put(AttentionResult.OUTPUT, Tensor.of(dtype, new int[] {n, width}, out));
        r.put(AttentionResult.WEIGHTS, weights.build());
        r.put(PAIRS, pairs(nb, dtype));
        return AttentionResult.of(r);
    }

    private static Tensor pairs(GraphNeighbours nb, DType dtype) {
        Tensor.Builder p = Tensor.builder(dtype, nb.pairs(), 2);
        for (int i = 0; i < nb.nodes(); i++) {
            for (int t = nb.start(i); t < nb.start(i) + nb.degree(i); t++) {
                p.set(2 * t, i);
                p.set(2 * t + 1, nb.source(t));
            }
        }
        return p.build();
    }

    /** One head's gradients: of its features z^h and of its alignment's and distribution's parameters. */
    private record HeadGradients(double[] dz, Parameters alignment, Parameters distribution) {
    }

    /**
     * Per node, recomputing its block: {@code dw_ij = G_w,ij + G_i · z_j}, {@code dz_j += w_ij G_i}
     * ({@code G_i} the head's share of the output gradient), then through the distribution and the
     * alignment to {@code z_i} (query) and {@code z_N(i)} (keys).
     */
    private HeadGradients head(int h, Graph g, double[] gOut, int width, Tensor gWeights) {
        GraphNeighbours nb = g.neighbours();
        Tensor z = g.z()[h];
        int n = nb.nodes();
        int k = z.cols();
        int heads = heads();
        int offset = settings.concat() ? h * k : 0;
        double share = settings.concat() ? 1 : 1.0 / heads;
        DType dtype = z.dtype();
        double[] dz = new double[n * k];
        Parameters dAlignment = null;
        Parameters dDistribution = null;
        for (int i = 0; i < n; i++) {
            int m = nb.degree(i);
            if (m == 0) {
                continue;
            }
            Tensor query = row(z, i);
            Tensor keys = rows(z, nb, i);
            Tensor scores = alignments[h].scores(query, keys);
            Tensor wi = distributions[h].weights(scores, Mask.all());
            double[] dw = new double[m];
            for (int t = 0; t < m; t++) {
                int j = nb.source(nb.start(i) + t);
                double acc = gWeights == null ? 0 : gWeights.at((nb.start(i) + t) * heads + h);
                for (int c = 0; gOut != null && c < k; c++) {
                    double go = share * gOut[i * width + offset + c];
                    acc += go * keys.at(t * k + c);
                    dz[j * k + c] += wi.at(t) * go;
                }
                dw[t] = acc;
            }
            DistributionGradients dg = distributions[h].backward(scores, Mask.all(), wi,
                    Tensor.of(dtype, new int[] {1, m}, dw));
            AlignmentGradients ag = alignments[h].backward(query, keys, dg.scores());
            for (int c = 0; c < k; c++) {
                dz[i * k + c] += ag.queries().at(c);
            }
            for (int t = 0; t < m; t++) {
                int j = nb.source(nb.start(i) + t);
                for (int c = 0; c < k; c++) {
                    dz[j * k + c] += ag.keys().at(t * k + c);
                }
            }
            dAlignment = dAlignment == null ? ag.parameters() : ParameterSums.sum(dAlignment, ag.parameters());
            dDistribution = dDistribution == null ? dg.parameters() : ParameterSums.sum(dDistribution, dg.parameters());
        }
        return new HeadGradients(dz, dAlignment == null ? zeros(alignments[h].parameters()) : dAlignment,
                dDistribution == null ? zeros(distributions[h].parameters()) : dDistribution);
    }

    /** Each head's gradients (see {@link #head}), then {@code dh = dZ W}, {@code dW = dZᵀ h} over the heads' columns. */
    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Graph g = graph(inputs);
        int n = g.neighbours().nodes();
        int heads = heads();
        int k = g.z()[0].cols();
        int width = settings.concat() ? heads * k : k;
        DType dtype = g.nodes().dtype();
        Tensor out = resultGradients.get(AttentionResult.OUTPUT);
        double[] gOut = out == null ? null : out.toDoubleArray();
        Tensor gWeights = resultGradients.get(AttentionResult.WEIGHTS);
        double[] dz = new double[n * heads * k];
        Parameters dAlignment = Parameters.empty();
        Parameters dDistribution = Parameters.empty();
        boolean alignmentPerHead = perHead(alignments);
        boolean distributionPerHead = perHead(distributions);
        for (int h = 0; h < heads; h++) {
            HeadGradients hg = head(h, g, gOut, width, gWeights);
            for (int i = 0; i < n; i++) {
                System.arraycopy(hg.dz(), i * k, dz, (i * heads + h) * k, k);
            }
            dAlignment = combine(dAlignment, hg.alignment(), h, alignmentPerHead);
            dDistribution = combine(dDistribution, hg.distribution(), h, distributionPerHead);
        }
        Tensor dZ = Tensor.of(dtype, new int[] {n, heads * k}, dz);
        Tensor dNodes;
        Parameters own = Parameters.empty();
        if (w == null) {
            // Every head read the nodes themselves: their gradients add up.
            double[] dx = new double[n * k];
            for (int i = 0; i < n; i++) {
                for (int h = 0; h < heads; h++) {
                    for (int c = 0; c < k; c++) {
                        dx[i * k + c] += dz[(i * heads + h) * k + c];
                    }
                }
            }
            dNodes = Tensor.of(dtype, new int[] {n, k}, dx);
        } else {
            dNodes = LinearMaps.inputGradient(dZ, w.to(dtype));
            own = Parameters.of(W, LinearMaps.weightGradient(dZ, g.nodes(), w.dtype()));
        }
        Tensor edges = inputs.tensor(EDGES);
        return new VariantGradients(Map.of(NODES, dNodes, EDGES, Tensor.zeros(edges.dtype(), edges.shape())),
                QualifiedParameters.ownFirst(own, dAlignment, dDistribution));
    }

    /** Head h's gradients under {@code head<h>.} when each head has its own component, else summed over heads. */
    private static Parameters combine(Parameters sofar, Parameters head, int h, boolean perHead) {
        if (perHead) {
            return sofar.concat(head.prefixed(headName(h)));
        }
        return h == 0 ? head : ParameterSums.sum(sofar, head);
    }

    private static String headName(int h) {
        return "head" + h;
    }

    private static Parameters zeros(Parameters p) {
        return p.map((name, t) -> Tensor.zeros(t.dtype(), t.shape()));
    }

    private static Parameters components(Learnable[] parts) {
        if (!perHead(parts)) {
            return parts[0].parameters();
        }
        Parameters p = Parameters.empty();
        for (int h = 0; h < parts.length; h++) {
            p = p.concat(parts[h].parameters().prefixed(headName(h)));
        }
        return p;
    }

    @Override
    public Parameters parameters() {
        return QualifiedParameters.ownFirst(w == null ? Parameters.empty() : Parameters.of(W, w),
                components(alignments), components(distributions));
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        QualifiedParameters.requireKnown("graph attention", parameters(), parameters);
        if (parameters.isEmpty()) {
            return this;
        }
        Tensor newW = w == null ? null
                : QualifiedParameters.replace(parameters.withoutPrefix(QualifiedParameters.VARIANT), W, w);
        boolean alignmentPerHead = perHead(alignments);
        boolean distributionPerHead = perHead(distributions);
        Alignment[] a = alignments.clone();
        Distribution[] f = distributions.clone();
        Parameters forAlignment = parameters.withoutPrefix(QualifiedParameters.ALIGNMENT);
        Parameters forDistribution = parameters.withoutPrefix(QualifiedParameters.DISTRIBUTION);
        for (int h = 0; h < heads(); h++) {
            Parameters pa = alignmentPerHead ? forAlignment.withoutPrefix(headName(h)) : forAlignment;
            Parameters pf = distributionPerHead ? forDistribution.withoutPrefix(headName(h)) : forDistribution;
            a[h] = pa.isEmpty() ? a[h] : a[h].withParameters(pa);
            f[h] = pf.isEmpty() ? f[h] : f[h].withParameters(pf);
        }
        return new GraphVariant(a, f, newW, settings);
    }

    @Override
    public String toString() {
        return "GraphVariant(" + alignments[0] + ", " + distributions[0]
                + (heads() > 1 ? ", " + heads() + " heads " + (settings.concat() ? "concatenated" : "averaged") : "")
                + (w == null ? "" : ", W " + ShapeException.format(w.shape()))
                + (settings.directed() ? ", directed" : "") + (settings.selfLoops() ? ", self-loops" : "") + ")";
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.booleanParam(SELF_LOOPS).defaultValue(true)
                    .doc("every node also attends to itself (an edge (i, i) is added once)"),
            ParameterSpec.booleanParam(DIRECTED).defaultValue(false)
                    .doc("false: an edge (j, i) links both ways; true: node i attends to j only"),
            ParameterSpec.booleanParam(ProjectionSettings.PROJECT).defaultValue(true)
                    .doc("learn W [heads·dim, d] and attend over z = W_h h per head (GAT); false: over the features h"),
            ProjectionSettings.dim("each head's projected width with project: true; 0 means d, the nodes' width"),
            ParameterSpec.intParam(HEADS).defaultValue(1).atLeast(1)
                    .doc("number of heads H, each with its own W_h and (when learnable) its own alignment"),
            ParameterSpec.booleanParam(CONCAT).defaultValue(true)
                    .doc("true: the heads' outputs side by side [n, H·k]; false: their mean [n, k] (GAT's output layer)"));

    static Variant create(PluginContext context) {
        int heads = context.getInt(HEADS);
        Tensor w = null;
        int width;
        if (ProjectionSettings.enabled(context)) {
            int d = ProjectionSettings.width(context, NODES);
            width = ProjectionSettings.dim(context, d);
            w = LinearMaps.xavierUniform(context.random(W), context.dtype(), heads * width, d);
        } else {
            width = context.width(NODES).orElse(-1);
        }
        Alignment first = width > 0 ? context.alignment(width, width) : context.alignment();
        // A learnable alignment gets one instance per head, so heads learn separate parameters.
        Alignment[] alignments = new Alignment[heads];
        Distribution[] distributions = new Distribution[heads];
        Distribution firstDistribution = context.distribution();
        for (int h = 0; h < heads; h++) {
            // The first was created for this width, so a learnable one here means the width is known.
            alignments[h] = h == 0 || first.parameters().isEmpty() ? first : context.alignment(width, width);
            distributions[h] = h == 0 || firstDistribution.parameters().isEmpty() ? firstDistribution
                    : context.distribution(h);
        }
        return new GraphVariant(alignments, distributions, w, new Settings(context.getBoolean(DIRECTED),
                context.getBoolean(SELF_LOOPS), context.getBoolean(CONCAT)));
    }
}
