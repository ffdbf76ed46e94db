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
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Multi-representational attention: N representations {@code x_r [batch…, n, d_r]} of the same n
 * elements (e.g. GloVe and ELMo embeddings of each word), each projected to a common width,
 * <pre>
 *   e_r,i   = P_r x_r,i                       P_r [dim, d_r]
 *   α_i     = f( a(e_1,i, u), …, a(e_N,i, u) )  over the N representations; u [1, dim]
 *   output_i = Σ_r α_i,r e_r,i                output [batch…, n, dim], weights [batch…, n, N]
 * </pre>
 * The weight columns follow the order of the {@code representations} parameter. All inputs share
 * batch dimensions and n; their lengths (when given) must agree, and padded elements get zero
 * weights and a zero output. Parameters: {@code variant.P_<input>} per representation,
 * {@code variant.u}, then {@code alignment.*}, {@code distribution.*}. Immutable and thread-safe.
 */
final class MultiRepresentationalVariant implements Variant {
    static final String REPRESENTATIONS = "representations";
    static final String DIM = "dim";
    static final String U = "u";

    private final Alignment alignment;
    private final Distribution distribution;
    private final List<String> names;
    private final List<Tensor> projections;
    private final Tensor u;

    MultiRepresentationalVariant(Alignment alignment, Distribution distribution, List<String> names,
            List<Tensor> projections, Tensor u) {
        this.alignment = alignment;
        this.distribution = distribution;
        this.names = List.copyOf(names);
        this.projections = List.copyOf(projections);
        this.u = u;
    }

    @Override
    public List<InputSpec> inputs() {
        List<InputSpec> out = new ArrayList<>();
        for (int r = 0; r < names.size(); r++) {
            out.add(InputSpec.required(names.get(r), "[batch…, n, " + projections.get(r).cols()
                    + "] representation " + (r + 1) + " of the elements; lengths mark padding"));
        }
        return out;
    }

    /** The projected representations stacked per element, with the element-level padding mask. */
    private record Stack(List<Tensor> inputs, List<Tensor> projected, Tensor keys, Tensor query, Mask mask) {
    }

    private Stack stack(AttentionInputs inputs) {
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> es = new ArrayList<>();
        Tensor first = inputs.tensor(names.get(0));
        Optional<int[]> lengths = Optional.empty();
        for (int r = 0; r < names.size(); r++) {
            Tensor x = inputs.tensor(names.get(r)).to(first.dtype());
            if (!Arrays.equals(x.batchShape(), first.batchShape()) || x.rows() != first.rows()) {
                throw new ShapeException("representation '" + names.get(r) + "' has shape "
                        + ShapeException.format(x.shape()) + " but '" + names.get(0) + "' has "
                        + ShapeException.format(first.shape()) + "; they must describe the same elements");
            }
            Optional<int[]> l = inputs.lengths(names.get(r));
            if (l.isPresent() && lengths.isPresent() && !Arrays.equals(l.get(), lengths.get())) {
                throw new ShapeException("representation '" + names.get(r) + "' has lengths "
                        + Arrays.toString(l.get()) + ", another has " + Arrays.toString(lengths.get()));
            }
            lengths = lengths.isPresent() ? lengths : l;
            xs.add(x);
            es.add(LinearMaps.apply(names.get(r), x, projections.get(r), null));
        }
        int n = first.rows();
        int dim = u.cols();
        int elements = first.batchSize() * n;
        // One attention per element: its N representations are the keys (and values).
        Tensor.Builder k = Tensor.builder(first.dtype(), elements, names.size(), dim);
        for (int r = 0; r < names.size(); r++) {
            Tensor e = es.get(r);
            for (int b = 0; b < first.batchSize(); b++) {
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < dim; c++) {
                        k.set(b * n + i, r, c, e.get(b, i, c));
                    }
                }
            }
        }
        Tensor keys = k.build();
        Mask mask = Mask.all();
        if (lengths.isPresent()) {
            int[] len = lengths.get();
            mask = (e, i, j) -> e % n < len[e / n];
        }
        return new Stack(xs, es, keys, ContextQuery.broadcast(u, keys), mask);
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Stack s = stack(inputs);
        Attend.Forward f = Attend.forward(alignment, distribution, s.query(), s.keys(), s.keys(), s.mask());
        return AttentionResult.of(f.output().reshape(perElement(s, u.cols())),
                f.weights().reshape(perElement(s, names.size())));
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Stack s = stack(inputs);
        ResultGradients given = ResultGradients.read("multi-representational", resultGradients,
                perElement(s, u.cols()), perElement(s, names.size()));
        int elements = s.keys().batchSize();
        Attend.Forward f = Attend.forward(alignment, distribution, s.query(), s.keys(), s.keys(), s.mask());
        Attend.Backward g = Attend.backward(alignment, distribution, s.query(), s.keys(), s.keys(), s.mask(), f,
                given.output() == null ? null : given.output().reshape(elements, 1, u.cols()),
                given.weights() == null ? null : given.weights().reshape(elements, 1, names.size()));
        Tensor dk = TensorSums.sum(g.keys(), g.values());
        Map<String, Tensor> dInputs = new LinkedHashMap<>();
        Map<String, Tensor> own = new LinkedHashMap<>();
        Tensor first = s.inputs().get(0);
        int n = first.rows();
        for (int r = 0; r < names.size(); r++) {
            Tensor.Builder de = Tensor.builder(dk.dtype(), s.projected().get(r).shape());
            for (int b = 0; b < first.batchSize(); b++) {
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < u.cols(); c++) {
                        de.set(b, i, c, dk.get(b * n + i, r, c));
                    }
                }
            }
            Tensor dE = de.build();
            Tensor p = projections.get(r);
            own.put("P_" + names.get(r), LinearMaps.weightGradient(dE, s.inputs().get(r), p.dtype()));
            dInputs.put(names.get(r), LinearMaps.inputGradient(dE, p).to(inputs.tensor(names.get(r)).dtype()));
        }
        own.put(U, ContextQuery.gradient(g.queries(), u.dtype()));
        return new VariantGradients(dInputs, QualifiedParameters.ownFirst(Parameters.of(own), g.alignment(),
                g.distribution()));
    }

    @Override
    public Parameters parameters() {
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (int r = 0; r < names.size(); r++) {
            own.put("P_" + names.get(r), projections.get(r));
        }
        own.put(U, u);
        return QualifiedParameters.ownFirst(Parameters.of(own), alignment.parameters(), distribution.parameters());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        if (parameters.isEmpty()) {
            return this;
        }
        QualifiedParameters.requireKnown("multi-representational attention", parameters(), parameters);
        Parameters local = parameters.withoutPrefix(QualifiedParameters.VARIANT);
        List<Tensor> ps = new ArrayList<>();
        for (int r = 0; r < names.size(); r++) {
            ps.add(QualifiedParameters.replace(local, "P_" + names.get(r), projections.get(r)));
        }
        return new MultiRepresentationalVariant(QualifiedParameters.alignment(alignment, parameters),
                QualifiedParameters.distribution(distribution, parameters), names, ps,
                QualifiedParameters.replace(local, U, u));
    }

    @Override
    public String toString() {
        return "MultiRepresentationalVariant(" + names + ", dim = " + u.cols() + ", " + alignment + ", "
                + distribution + ")";
    }

    /** {@code [batch…, n, cols]} for the elements of the first representation. */
    private static int[] perElement(Stack s, int cols) {
        int[] shape = s.inputs().get(0).shape();
        shape[shape.length - 1] = cols;
        return shape;
    }

    /** Each batch entry is one sequence (or pair): batch entries independent, rows not. */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES.and(alignment.independence()).and(distribution.independence());
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.stringParam(REPRESENTATIONS)
                    .doc("the inputs holding the representations, comma-separated, e.g. \"glove,elmo\" (at least two)"),
            ParameterSpec.intParam(DIM).defaultValue(0).atLeast(0)
                    .doc("common width every representation is projected to, P_r [dim, d_r]; 0 = the first one's width"));

    /**
     * Draws each {@code P_r} from the stream {@code "P_<input>"} and {@code u} from {@code "u"}.
     *
     * @throws ConfigException naming {@code representations} for fewer than two, blank or repeated
     *     names, or a representation whose width is unknown
     */
    static Variant create(PluginContext context) {
        List<String> names = names(context.getString(REPRESENTATIONS));
        int dim = context.getInt(DIM) > 0 ? context.getInt(DIM) : context.requireWidth(names.get(0));
        List<Tensor> projections = new ArrayList<>();
        for (String name : names) {
            int d = context.requireWidth(name);
            projections.add(LinearMaps.xavierUniform(context.random("P_" + name), context.dtype(), dim, d));
        }
        Tensor u = LinearMaps.xavierUniform(context.random("u"), context.dtype(), 1, dim);
        return new MultiRepresentationalVariant(context.alignment(dim, dim), context.distribution(), names,
                projections, u);
    }

    private static List<String> names(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new ConfigException(REPRESENTATIONS, "'" + raw + "' has a blank name",
                        "list input names separated by commas, e.g. \"glove,elmo\"");
            }
            if (out.contains(name)) {
                throw new ConfigException(REPRESENTATIONS, "'" + name + "' is listed twice", "list each input once");
            }
            out.add(name);
        }
        if (out.size() < 2) {
            throw new ConfigException(REPRESENTATIONS, "needs at least two representations, got " + out,
                    "list the inputs, e.g. \"glove,elmo\"");
        }
        return out;
    }
}
