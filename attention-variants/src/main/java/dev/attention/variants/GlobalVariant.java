package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Global (soft) attention: every query attends to every real key,
 * <pre>
 *   w_i      = f(a(K, Q_i))          weights  [batch…, n, m]
 *   output_i = Σ_j w_ij · V_j        output   [batch…, n, d_v]
 * </pre>
 * with {@code queries [batch…, n, d_q]}, {@code keys [batch…, m, d_k]} and
 * {@code values [batch…, m, d_v]}; the batch dimensions must be equal and keys and values must have
 * the same number of rows. Whether {@code d_q} must equal {@code d_k} is the alignment's rule.
 *
 * <p>Padding: keys {@code j ≥ lengths("keys")[b]} and query rows {@code i ≥ lengths("queries")[b]}
 * are masked. Each weight row sums to 1 (when the distribution {@link Distribution#sumsToOne()
 * normalises}) except rows with no allowed key, which are all zero and give a zero output. Masked
 * positions of keys and values are never read by this class, so padding may hold anything.
 *
 * <p>The output has the queries' dtype; values are converted to it. Immutable and thread-safe.
 */
final class GlobalVariant implements Variant {
    static final String QUERIES = "queries";
    static final String KEYS = "keys";
    static final String VALUES = "values";
    private static final String ALIGNMENT = "alignment";
    private static final String DISTRIBUTION = "distribution";

    private static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(QUERIES, "[batch…, n, d_q] one row per query"),
            InputSpec.required(KEYS, "[batch…, m, d_k] one row per key; lengths mark padding"),
            InputSpec.required(VALUES, "[batch…, m, d_v] one row per key; same lengths as keys"));

    private final Alignment alignment;
    private final Distribution distribution;

    GlobalVariant(Alignment alignment, Distribution distribution) {
        this.alignment = Objects.requireNonNull(alignment, ALIGNMENT);
        this.distribution = Objects.requireNonNull(distribution, DISTRIBUTION);
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        Bound in = Bound.of(inputs);
        Tensor scores = scores(in);
        Tensor weights = distribution.weights(scores, in.mask);
        requireShape("distribution weights", weights, scores.shape());
        return AttentionResult.of(weightedSum(weights, in), weights);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        Bound in = Bound.of(inputs);
        for (String name : resultGradients.keySet()) {
            if (!name.equals(AttentionResult.OUTPUT) && !name.equals(AttentionResult.WEIGHTS)) {
                throw new AttentionException("global attention has no result '" + name + "'; gradients can be given for "
                        + List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS));
            }
        }
        Tensor scores = scores(in);
        Tensor weights = result.weights().orElseGet(() -> distribution.weights(scores, in.mask));
        requireShape("result weights", weights, scores.shape());
        int[] outShape = outputShape(in);
        Tensor dOut = gradient(resultGradients, AttentionResult.OUTPUT, outShape);
        Tensor dWeightsGiven = gradient(resultGradients, AttentionResult.WEIGHTS, scores.shape());

        int batch = in.queries.batchSize();
        int n = in.queries.rows();
        int m = in.keys.rows();
        int dv = in.values.cols();
        DType dtype = in.queries.dtype();
        // dL/dw_ij = dOut_i · V_j + dWeights_ij; masked weights are constant 0, so their gradient is 0.
        Tensor.Builder dWeights = Tensor.builder(dtype, scores.shape());
        // dL/dV_j = Σ_i w_ij · dOut_i
        Tensor.Builder dValues = Tensor.builder(dtype, in.values.shape());
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    if (!in.mask.allows(b, i, j)) {
                        continue;
                    }
                    double w = weights.get(b, i, j);
                    double acc = dWeightsGiven == null ? 0 : dWeightsGiven.get(b, i, j);
                    if (dOut != null) {
                        for (int c = 0; c < dv; c++) {
                            double g = dOut.get(b, i, c);
                            acc += g * in.values.get(b, j, c);
                            dValues.add(in.values.index(b, j, c), w * g);
                        }
                    }
                    dWeights.set(b, i, j, acc);
                }
            }
        }
        DistributionGradients dd = distribution.backward(scores, in.mask, weights, dWeights.build());
        AlignmentGradients da = alignment.backward(in.queries, in.keys, dd.scores());
        Tensor dV = dValues.build().to(inputs.tensor(VALUES).dtype());
        return new VariantGradients(Map.of(QUERIES, da.queries(), KEYS, da.keys(), VALUES, dV),
                da.parameters().prefixed(ALIGNMENT).concat(dd.parameters().prefixed(DISTRIBUTION)));
    }

    /** The alignment's as {@code alignment.<name>}, the distribution's as {@code distribution.<name>}. */
    @Override
    public Parameters parameters() {
        return alignment.parameters().prefixed(ALIGNMENT).concat(distribution.parameters().prefixed(DISTRIBUTION));
    }

    /**
     * A copy whose components take the given qualified parameters; a component none of whose names
     * appear is kept as it is.
     *
     * @throws ShapeException for a name that is not one of {@link #parameters()}, listing those
     */
    @Override
    public Variant withParameters(Parameters parameters) {
        Parameters known = parameters();
        for (String name : parameters.names()) {
            if (!known.names().contains(name)) {
                throw new ShapeException("global attention has no parameter '" + name + "'; known: "
                        + known.names());
            }
        }
        Parameters a = parameters.withoutPrefix(ALIGNMENT);
        Parameters d = parameters.withoutPrefix(DISTRIBUTION);
        if (a.isEmpty() && d.isEmpty()) {
            return this;
        }
        return new GlobalVariant(a.isEmpty() ? alignment : alignment.withParameters(a),
                d.isEmpty() ? distribution : distribution.withParameters(d));
    }

    @Override
    public String toString() {
        return "GlobalVariant(" + alignment + ", " + distribution + ")";
    }

    private Tensor scores(Bound in) {
        Tensor scores = alignment.scores(in.queries, in.keys);
        int[] expected = in.queries.shape();
        expected[expected.length - 1] = in.keys.rows();
        requireShape("alignment scores", scores, expected);
        return scores;
    }

    private static Tensor weightedSum(Tensor weights, Bound in) {
        int batch = in.queries.batchSize();
        int n = in.queries.rows();
        int m = in.keys.rows();
        int dv = in.values.cols();
        Tensor.Builder out = Tensor.builder(in.queries.dtype(), outputShape(in));
        double[] acc = new double[dv];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                Arrays.fill(acc, 0);
                for (int j = 0; j < m; j++) {
                    // Skipping masked keys keeps whatever sits in padded value rows (even NaN) out.
                    if (!in.mask.allows(b, i, j)) {
                        continue;
                    }
                    double w = weights.get(b, i, j);
                    for (int c = 0; c < dv; c++) {
                        acc[c] += w * in.values.get(b, j, c);
                    }
                }
                for (int c = 0; c < dv; c++) {
                    out.set(b, i, c, acc[c]);
                }
            }
        }
        return out.build();
    }

    private static int[] outputShape(Bound in) {
        int[] s = in.queries.shape();
        s[s.length - 1] = in.values.cols();
        return s;
    }

    /** The gradient given for {@code name}, or null when absent (= zero). */
    private static Tensor gradient(Map<String, Tensor> given, String name, int[] shape) {
        Tensor g = given.get(name);
        if (g != null) {
            requireShape("gradient of '" + name + "'", g, shape);
        }
        return g;
    }

    private static void requireShape(String what, Tensor t, int[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new ShapeException(what + " has shape " + ShapeException.format(t.shape()) + ", expected "
                    + ShapeException.format(expected));
        }
    }

    /** Validated inputs plus the mask their lengths imply. */
    private static final class Bound {
        final Tensor queries;
        final Tensor keys;
        final Tensor values;
        final Mask mask;

        private Bound(Tensor queries, Tensor keys, Tensor values, Mask mask) {
            this.queries = queries;
            this.keys = keys;
            this.values = values;
            this.mask = mask;
        }

        static Bound of(AttentionInputs inputs) {
            Tensor q = inputs.tensor(QUERIES);
            Tensor k = inputs.tensor(KEYS);
            Tensor v = inputs.tensor(VALUES);
            if (!Arrays.equals(q.batchShape(), k.batchShape()) || !Arrays.equals(q.batchShape(), v.batchShape())) {
                throw new ShapeException("queries, keys and values need equal batch dimensions: " + shapes(q, k, v));
            }
            if (k.rows() != v.rows()) {
                throw new ShapeException("keys and values need the same number of rows (one value per key): "
                        + shapes(q, k, v));
            }
            Optional<int[]> keyLengths = inputs.lengths(KEYS);
            Optional<int[]> valueLengths = inputs.lengths(VALUES);
            if (valueLengths.isPresent()) {
                int[] expected = keyLengths.orElseGet(() -> full(k));
                if (!Arrays.equals(valueLengths.get(), expected)) {
                    throw new ShapeException("values lengths " + Arrays.toString(valueLengths.get())
                            + " differ from keys lengths " + Arrays.toString(expected)
                            + (keyLengths.isPresent() ? "" : " (keys are unpadded)"));
                }
            }
            Mask mask = Mask.all();
            if (keyLengths.isPresent()) {
                mask = mask.and(Mask.keyLengths(keyLengths.get()));
            }
            Optional<int[]> queryLengths = inputs.lengths(QUERIES);
            if (queryLengths.isPresent()) {
                mask = mask.and(Mask.queryLengths(queryLengths.get()));
            }
            return new Bound(q, k, v.to(q.dtype()), mask);
        }

        private static int[] full(Tensor t) {
            int[] l = new int[t.batchSize()];
            Arrays.fill(l, t.rows());
            return l;
        }

        private static String shapes(Tensor q, Tensor k, Tensor v) {
            return "queries " + ShapeException.format(q.shape()) + ", keys " + ShapeException.format(k.shape())
                    + ", values " + ShapeException.format(v.shape());
        }
    }
}
