package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
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
import java.util.Random;

/**
 * Active memory (Kaiser and Sutskever 2016, the Neural GPU; Kaiser and Bengio 2016): instead of
 * attending to one place, every position of the memory {@code s [batch…, n, d]} (the
 * {@code sequence}) is updated in parallel by a convolutional gated recurrent unit (CGRU), for
 * {@code steps} steps, with the same weights at every position:
 * <pre>
 *   u  = σ(U_u * s + B_u)                       update gate     [n, d]
 *   r  = σ(U_r * s + B_r)                       reset gate      [n, d]
 *   s ← u ∘ s + (1 − u) ∘ tanh(U * (r ∘ s) + B)
 *   (U * x)_i,o = Σ_{t &lt; kernel} Σ_c U[o, t·d + c] · x_{i + t − ⌊kernel/2⌋, c}   (zero outside [0, L))
 * </pre>
 * with {@code U, U_u, U_r} of shape {@code [d, kernel·d]} and {@code B, B_u, B_r} of shape
 * {@code [1, d]}. The output is the final state, per position: {@code [batch…, n, d]} like
 * {@code self}; there are no weights (it attends nowhere). Padded positions ({@code i ≥ L =
 * lengths("sequence")[b]}) lie outside the memory: they are zero padding for the convolution and
 * give zero output rows. {@code steps = 0} runs L steps per sequence, as the Neural GPU does, so
 * information crosses the whole memory. It composes no alignment and no distribution.
 *
 * <p>Parameters: {@code variant.U, B, U_u, B_u, U_r, B_r}. Computed in float64, output in the
 * sequence's dtype. Immutable and thread-safe.
 */
final class ActiveMemoryVariant implements Variant {
    static final String ID = "active-memory";
    static final String SEQUENCE = "sequence";
    static final String STEPS = "steps";
    static final String KERNEL = "kernel";
    /** Parameter names, candidate then update then reset gate, each matrix before its bias. */
    static final List<String> NAMES = List.of("U", "B", "U_u", "B_u", "U_r", "B_r");

    private static final List<InputSpec> INPUTS = List.of(InputSpec.required(SEQUENCE,
            "[batch…, n, d] the memory, updated at every position; lengths mark padding"));

    private final int steps;
    private final int kernel;
    private final int d;
    /** In the order of {@link #NAMES}. */
    private final Tensor[] params;

    ActiveMemoryVariant(int steps, int kernel, Tensor[] params) {
        this.steps = steps;
        this.kernel = kernel;
        this.d = params[0].rows();
        this.params = params.clone();
        for (int g = 0; g < 3; g++) {
            requireShape(NAMES.get(2 * g), params[2 * g], d, kernel * d);
            requireShape(NAMES.get(2 * g + 1), params[2 * g + 1], 1, d);
        }
    }

    private static void requireShape(String name, Tensor t, int rows, int cols) {
        if (t.rank() != 2 || t.rows() != rows || t.cols() != cols) {
            throw new ShapeException("active-memory parameter variant." + name + " has shape "
                    + ShapeException.format(t.shape()) + " but needs [" + rows + ", " + cols + "]");
        }
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Tensor s0 = sequence(inputs);
        int[] lengths = lengths(inputs, s0);
        Tensor.Builder out = Tensor.builder(s0.dtype(), s0.shape());
        Weights w = weights();
        for (int b = 0; b < s0.batchSize(); b++) {
            Step[] trace = run(w, initial(s0, b, lengths[b]), lengths[b]);
            double[][] s = trace.length == 0 ? initial(s0, b, lengths[b]) : trace[trace.length - 1].next;
            for (int i = 0; i < lengths[b]; i++) {
                for (int c = 0; c < d; c++) {
                    out.set(b, i, c, s[i][c]);
                }
            }
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(AttentionResult.OUTPUT, out.build());
        return AttentionResult.of(m);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Tensor s0 = sequence(inputs);
        int[] lengths = lengths(inputs, s0);
        Tensor given = resultGradients.get(AttentionResult.OUTPUT);
        if (given == null || !java.util.Arrays.equals(given.shape(), s0.shape())) {
            throw new ShapeException("active-memory backward needs an 'output' gradient of shape "
                    + ShapeException.format(s0.shape()) + ", got "
                    + (given == null ? "none" : ShapeException.format(given.shape())));
        }
        Weights w = weights();
        double[][][] dParams = new double[6][][];
        for (int p = 0; p < 6; p++) {
            dParams[p] = new double[params[p].rows()][params[p].cols()];
        }
        Tensor.Builder dIn = Tensor.builder(s0.dtype(), s0.shape());
        for (int b = 0; b < s0.batchSize(); b++) {
            int len = lengths[b];
            Step[] trace = run(w, initial(s0, b, len), len);
            double[][] ds = new double[len][d];
            for (int i = 0; i < len; i++) {
                for (int c = 0; c < d; c++) {
                    ds[i][c] = given.get(b, i, c);
                }
            }
            for (int k = trace.length - 1; k >= 0; k--) {
                ds = trace[k].backward(w, ds, dParams);
            }
            for (int i = 0; i < len; i++) {
                for (int c = 0; c < d; c++) {
                    dIn.set(b, i, c, ds[i][c]);
                }
            }
        }
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (int p = 0; p < 6; p++) {
            own.put(NAMES.get(p), Tensor.matrix(params[p].dtype(), dParams[p]));
        }
        return new VariantGradients(Map.of(SEQUENCE, dIn.build()),
                QualifiedParameters.ownFirst(Parameters.of(own), Parameters.empty(), Parameters.empty()));
    }

    @Override
    public Parameters parameters() {
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (int p = 0; p < 6; p++) {
            own.put(NAMES.get(p), params[p]);
        }
        return QualifiedParameters.ownFirst(Parameters.of(own), Parameters.empty(), Parameters.empty());
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        if (parameters.isEmpty()) {
            return this;
        }
        QualifiedParameters.requireKnown(ID, parameters(), parameters);
        Parameters local = parameters.withoutPrefix(QualifiedParameters.VARIANT);
        Tensor[] next = new Tensor[6];
        for (int p = 0; p < 6; p++) {
            next[p] = QualifiedParameters.replace(local, NAMES.get(p), params[p]);
        }
        return new ActiveMemoryVariant(steps, kernel, next);
    }

    /** Each batch entry is one memory: entries independent, positions not (the convolution mixes them). */
    @Override
    public Independence independence() {
        return Independence.BATCH_ENTRIES;
    }

    @Override
    public String toString() {
        return "ActiveMemoryVariant(d = " + d + ", kernel = " + kernel + ", steps = "
                + (steps == 0 ? "length" : String.valueOf(steps)) + ")";
    }

    private Tensor sequence(AttentionInputs inputs) {
        Tensor s = inputs.tensor(SEQUENCE);
        if (s.cols() != d) {
            throw new ShapeException("sequence has width " + s.cols() + " (shape " + ShapeException.format(s.shape())
                    + ") but active-memory was created for width " + d);
        }
        return s;
    }

    private static int[] lengths(AttentionInputs inputs, Tensor s) {
        int[] l = inputs.lengths(SEQUENCE).orElse(null);
        int[] out = new int[s.batchSize()];
        for (int b = 0; b < out.length; b++) {
            out[b] = l == null ? s.rows() : Math.min(l[b], s.rows());
        }
        return out;
    }

    private double[][] initial(Tensor s, int b, int len) {
        double[][] x = new double[len][d];
        for (int i = 0; i < len; i++) {
            s.copyRow(b, i, x[i]);
        }
        return x;
    }

    private Step[] run(Weights w, double[][] s, int len) {
        int n = steps == 0 ? len : steps;
        Step[] trace = new Step[len == 0 ? 0 : n];
        for (int k = 0; k < trace.length; k++) {
            trace[k] = Step.forward(w, s);
            s = trace[k].next;
        }
        return trace;
    }

    private Weights weights() {
        double[][][] m = new double[6][][];
        for (int p = 0; p < 6; p++) {
            m[p] = new double[params[p].rows()][params[p].cols()];
            for (int r = 0; r < params[p].rows(); r++) {
                for (int c = 0; c < params[p].cols(); c++) {
                    m[p][r][c] = params[p].get(r, c);
                }
            }
        }
        return new Weights(m, kernel, d);
    }

    /** The six parameters as arrays, and the convolution over positions. */
    private record Weights(double[][][] m, int kernel, int d) {
        /** {@code (U * x) + B} for gate g (0 candidate, 1 update, 2 reset). */
        double[][] conv(int g, double[][] x) {
            double[][] u = m[2 * g];
            double[] bias = m[2 * g + 1][0];
            int half = kernel / 2;
            double[][] y = new double[x.length][d];
            for (int i = 0; i < x.length; i++) {
                for (int o = 0; o < d; o++) {
                    double acc = bias[o];
                    for (int t = 0; t < kernel; t++) {
                        int j = i + t - half;
                        if (j < 0 || j >= x.length) {
                            continue;
                        }
                        for (int c = 0; c < d; c++) {
                            acc += u[o][t * d + c] * x[j][c];
                        }
                    }
                    y[i][o] = acc;
                }
            }
            return y;
        }

        /** Adds the gradients of {@code conv(g, x)} given {@code dy} into {@code dParams}; returns {@code dx}. */
        double[][] convBackward(int g, double[][] x, double[][] dy, double[][][] dParams) {
            double[][] u = m[2 * g];
            double[][] du = dParams[2 * g];
            double[] db = dParams[2 * g + 1][0];
            int half = kernel / 2;
            double[][] dx = new double[x.length][d];
            for (int i = 0; i < x.length; i++) {
                for (int o = 0; o < d; o++) {
                    double dyo = dy[i][o];
                    db[o] += dyo;
                    for (int t = 0; t < kernel; t++) {
                        int j = i + t - half;
                        if (j < 0 || j >= x.length) {
                            continue;
                        }
                        for (int c = 0; c < d; c++) {
                            du[o][t * d + c] += dyo * x[j][c];
                            dx[j][c] += dyo * u[o][t * d + c];
                        }
                    }
                }
            }
            return dx;
        }
    }

    /** One CGRU step, keeping what its backward pass needs. */
    private record Step(double[][] s, double[][] u, double[][] r, double[][] rs, double[][] cand, double[][] next) {
        static Step forward(Weights w, double[][] s) {
            int len = s.length;
            int d = w.d();
            double[][] u = w.conv(1, s);
            double[][] r = w.conv(2, s);
            double[][] rs = new double[len][d];
            for (int i = 0; i < len; i++) {
                for (int c = 0; c < d; c++) {
                    u[i][c] = sigmoid(u[i][c]);
                    r[i][c] = sigmoid(r[i][c]);
                    rs[i][c] = r[i][c] * s[i][c];
                }
            }
            double[][] cand = w.conv(0, rs);
            double[][] next = new double[len][d];
            for (int i = 0; i < len; i++) {
                for (int c = 0; c < d; c++) {
                    cand[i][c] = Math.tanh(cand[i][c]);
                    next[i][c] = u[i][c] * s[i][c] + (1 - u[i][c]) * cand[i][c];
                }
            }
            return new Step(s, u, r, rs, cand, next);
        }

        /** Given the gradient of {@code next}, adds the parameter gradients and returns that of {@code s}. */
        double[][] backward(Weights w, double[][] dNext, double[][][] dParams) {
            int len = s.length;
            int d = w.d();
            double[][] ds = new double[len][d];
            double[][] daU = new double[len][d];
            double[][] daC = new double[len][d];
            for (int i = 0; i < len; i++) {
                for (int c = 0; c < d; c++) {
                    double g = dNext[i][c];
                    ds[i][c] = g * u[i][c];
                    daU[i][c] = g * (s[i][c] - cand[i][c]) * u[i][c] * (1 - u[i][c]);
                    daC[i][c] = g * (1 - u[i][c]) * (1 - cand[i][c] * cand[i][c]);
                }
            }
            double[][] dRs = w.convBackward(0, rs, daC, dParams);
            double[][] daR = new double[len][d];
            for (int i = 0; i < len; i++) {
                for (int c = 0; c < d; c++) {
                    ds[i][c] += dRs[i][c] * r[i][c];
                    daR[i][c] = dRs[i][c] * s[i][c] * r[i][c] * (1 - r[i][c]);
                }
            }
            add(ds, w.convBackward(1, s, daU, dParams));
            add(ds, w.convBackward(2, s, daR, dParams));
            return ds;
        }

        private static void add(double[][] into, double[][] x) {
            for (int i = 0; i < into.length; i++) {
                for (int c = 0; c < into[i].length; c++) {
                    into[i][c] += x[i][c];
                }
            }
        }

        private static double sigmoid(double x) {
            return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        }
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam(STEPS).defaultValue(0).atLeast(0)
                    .doc("CGRU steps applied to the whole memory; 0 = the sequence's real length L, as the Neural GPU"),
            ParameterSpec.intParam(KERNEL).defaultValue(3).atLeast(1)
                    .doc("width of the convolution over positions (odd, zero padding): position i sees"
                            + " i − ⌊kernel/2⌋ … i + ⌊kernel/2⌋"));

    /**
     * Draws {@code U}, {@code U_u}, {@code U_r} Xavier-uniform ({@code [d, kernel·d]}) each from its
     * own named stream; the biases start at zero.
     *
     * @throws ConfigException when the kernel is even or the sequence's width is unknown
     */
    static Variant create(PluginContext context) {
        int kernel = context.getInt(KERNEL);
        if (kernel % 2 == 0) {
            throw new ConfigException(KERNEL, "active-memory kernel " + kernel + " is even",
                    "use an odd kernel (1, 3, 5, …) so the convolution is centred on each position");
        }
        int d = context.requireWidth(SEQUENCE);
        DType dtype = context.dtype();
        Tensor[] p = new Tensor[6];
        for (int g = 0; g < 3; g++) {
            Random random = context.random(NAMES.get(2 * g));
            p[2 * g] = LinearMaps.xavierUniform(random, dtype, d, kernel * d);
            p[2 * g + 1] = Tensor.zeros(dtype, 1, d);
        }
        return new ActiveMemoryVariant(context.getInt(STEPS), kernel, p);
    }
}
