package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.DType;
import dev.attention.api.InputSpec;
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
 * Graph attention (Veličković et al. 2018, GAT): each node attends over its neighbours only,
 * <pre>
 *   z_i      = W h_i                        (project: true; W [dim, d], dim = d when 0)
 *   z_i      = h_i                          (project: false)
 *   w_i·     = f(a(z_N(i), z_i))            one alignment call per node on its neighbour block
 *   output_i = Σ_{j∈N(i)} w_ij · z_j        output [n, dim or d]
 * </pre>
 * Inputs: {@code nodes [n, d]} and {@code edges [e, 2]}, rows {@code (j, i)} of node indices
 * (source, target; whole numbers in {@code [0, n)} held in a floating-point tensor). Undirected by
 * default: a row links j and i both ways, as GAT on its citation graphs; with {@code directed: true}
 * row {@code (j, i)} lets i attend to j only (PyTorch Geometric's source → target). With
 * {@code self-loops: true} (default) every node is its own neighbour too; repeated edges count once.
 *
 * <p>Memory is proportional to the edges, never {@code n²}: the weights come as
 * {@code weights [E, 1]}, one per (target, source) pair in the order of {@code pairs [E, 2]}
 * (rows {@code (i, j)}, by target, then source ascending). A node without neighbours (no edges,
 * self-loops off) gets zero weights and a zero output. On a fully connected graph with self-loops
 * and {@code project: false} it is {@code self} attention with the same alignment and distribution.
 *
 * <p>Backward: the gradient of {@code nodes} through z (and W); {@code edges} are indices and get a
 * zero gradient. Parameters: {@code variant.W} (with projection), {@code alignment.*},
 * {@code distribution.*}. Rows depend on each other, so the engine never splits them. Immutable.
 */
final class GraphVariant implements Variant {
    static final String ID = "graph";
    static final String NODES = "nodes";
    static final String EDGES = "edges";
    /** Result: the (target, source) pair of each weight. */
    static final String PAIRS = "pairs";
    static final String W = "W";
    static final String SELF_LOOPS = "self-loops";
    static final String DIRECTED = "directed";

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(NODES, "[n, d] one row of features per node"),
            InputSpec.required(EDGES, "[e, 2] rows (source j, target i) of node indices 0..n−1; node i attends"
                    + " over its neighbours j"));

    private final Alignment alignment;
    private final Distribution distribution;
    /** {@code [dim, d]}, or null without projection. */
    private final Tensor w;
    private final boolean directed;
    private final boolean selfLoops;

    GraphVariant(Alignment alignment, Distribution distribution, Tensor w, boolean directed, boolean selfLoops) {
        this.alignment = alignment;
        this.distribution = distribution;
        this.w = w;
        this.directed = directed;
        this.selfLoops = selfLoops;
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    /** The nodes' features after the projection, and the neighbour blocks. */
    private record Graph(Tensor nodes, Tensor z, GraphNeighbours neighbours) {
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
        GraphNeighbours nb = GraphNeighbours.of(inputs.tensor(EDGES), x.rows(), directed, selfLoops);
        Tensor z = w == null ? x : LinearMaps.apply("graph input 'nodes'", x, w.to(x.dtype()), null);
        return new Graph(x, z, nb);
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
        Tensor z = g.z();
        int n = nb.nodes();
        int k = z.cols();
        DType dtype = g.nodes().dtype();
        Tensor.Builder out = Tensor.builder(dtype, n, k);
        Tensor.Builder weights = Tensor.builder(dtype, nb.pairs(), 1);
        for (int i = 0; i < n; i++) {
            int m = nb.degree(i);
            if (m == 0) {
                continue;
            }
            Tensor keys = rows(z, nb, i);
            Tensor wi = distribution.weights(alignment.scores(row(z, i), keys), Mask.all());
            for (int c = 0; c < k; c++) {
                double acc = 0;
                for (int t = 0; t < m; t++) {
                    acc += wi.at(t) * keys.at(t * k + c);
                }
                out.set(i * k + c, acc);
            }
            for (int t = 0; t < m; t++) {
                weights.set(nb.start(i) + t, wi.at(t));
            }
        }
        Map<String, Tensor> r = new LinkedHashMap<>();
        r.put(AttentionResult.OUTPUT, out.build());
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

    /**
     * Per node, recomputing its block: {@code dw_ij = G_w,ij + G_out,i · z_j}, {@code dz_j += w_ij G_out,i},
     * then through the distribution and the alignment to {@code z_i} (query) and {@code z_N(i)} (keys);
     * finally {@code dh = dZ W}, {@code dW = dZᵀ h}.
     */
    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Graph g = graph(inputs);
        GraphNeighbours nb = g.neighbours();
        Tensor z = g.z();
        int n = nb.nodes();
        int k = z.cols();
        DType dtype = g.nodes().dtype();
        Tensor gOut = resultGradients.get(AttentionResult.OUTPUT);
        Tensor gWeights = resultGradients.get(AttentionResult.WEIGHTS);
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
            Tensor scores = alignment.scores(query, keys);
            Tensor wi = distribution.weights(scores, Mask.all());
            double[] dw = new double[m];
            for (int t = 0; t < m; t++) {
                int j = nb.source(nb.start(i) + t);
                double acc = gWeights == null ? 0 : gWeights.at(nb.start(i) + t);
                for (int c = 0; gOut != null && c < k; c++) {
                    acc += gOut.at(i * k + c) * keys.at(t * k + c);
                    dz[j * k + c] += wi.at(t) * gOut.at(i * k + c);
                }
                dw[t] = acc;
            }
            DistributionGradients dg = distribution.backward(scores, Mask.all(), wi,
                    Tensor.of(dtype, new int[] {1, m}, dw));
            AlignmentGradients ag = alignment.backward(query, keys, dg.scores());
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
        Tensor dZ = Tensor.of(dtype, new int[] {n, k}, dz);
        Tensor dNodes = w == null ? dZ : LinearMaps.inputGradient(dZ, w.to(dtype));
        Parameters own = w == null ? Parameters.empty()
                : Parameters.of(W, LinearMaps.weightGradient(dZ, g.nodes(), w.dtype()));
        Parameters grads = QualifiedParameters.ownFirst(own,
                dAlignment == null ? zeros(alignment.parameters()) : dAlignment,
                dDistribution == null ? zeros(distribution.parameters()) : dDistribution);
        Tensor edges = inputs.tensor(EDGES);
        return new VariantGradients(Map.of(NODES, dNodes, EDGES, Tensor.zeros(edges.dtype(), edges.shape())), grads);
    }

    private static Parameters zeros(Parameters p) {
        return p.map((name, t) -> Tensor.zeros(t.dtype(), t.shape()));
    }

    @Override
    public Parameters parameters() {
        return QualifiedParameters.ownFirst(w == null ? Parameters.empty() : Parameters.of(W, w),
                alignment.parameters(), distribution.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        QualifiedParameters.requireKnown("graph attention", parameters(), parameters);
        if (parameters.isEmpty()) {
            return this;
        }
        Tensor newW = w == null ? null
                : QualifiedParameters.replace(parameters.withoutPrefix(QualifiedParameters.VARIANT), W, w);
        return new GraphVariant(QualifiedParameters.alignment(alignment, parameters),
                QualifiedParameters.distribution(distribution, parameters), newW, directed, selfLoops);
    }

    @Override
    public String toString() {
        return "GraphVariant(" + alignment + ", " + distribution + (w == null ? "" : ", W " + ShapeException.format(w.shape()))
                + (directed ? ", directed" : "") + (selfLoops ? ", self-loops" : "") + ")";
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.booleanParam(SELF_LOOPS).defaultValue(true)
                    .doc("every node also attends to itself (an edge (i, i) is added once)"),
            ParameterSpec.booleanParam(DIRECTED).defaultValue(false)
                    .doc("false: an edge (j, i) links both ways; true: node i attends to j only"),
            ParameterSpec.booleanParam(ProjectionSettings.PROJECT).defaultValue(true)
                    .doc("learn W [dim, d] and attend over z = W h (GAT); false: over the features h"),
            ProjectionSettings.dim("projected width with project: true; 0 means d, the nodes' width"));

    static Variant create(PluginContext context) {
        Tensor w = null;
        int width;
        if (ProjectionSettings.enabled(context)) {
            int d = ProjectionSettings.width(context, NODES);
            width = ProjectionSettings.dim(context, d);
            w = LinearMaps.xavierUniform(context.random(W), context.dtype(), width, d);
        } else {
            width = context.width(NODES).orElse(-1);
        }
        Alignment a = width > 0 ? context.alignment(width, width) : context.alignment();
        return new GraphVariant(a, context.distribution(), w, context.getBoolean(DIRECTED),
                context.getBoolean(SELF_LOOPS));
    }
}
