package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
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
 * are masked, and so is every position the caller's {@link AttentionInputs#mask()} refuses. Each
 * weight row sums to 1 (when the distribution {@link Distribution#sumsToOne() normalises}) except
 * rows with no allowed key, which are all zero and give a zero output. Masked positions of keys and
 * values are never read by this class, so padding may hold anything.
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
        Attend.Forward f = Attend.forward(alignment, distribution, in.queries, in.keys, in.values, in.mask);
        return AttentionResult.of(f.output(), f.weights());
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
        Tensor scores = Attend.scores(alignment, in.queries, in.keys);
        Tensor weights = result.weights().orElseGet(() -> distribution.weights(scores, in.mask));
        Attend.requireShape("result weights", weights, scores.shape());
        Tensor dOut = gradient(resultGradients, AttentionResult.OUTPUT, outputShape(in));
        Tensor dWeights = gradient(resultGradients, AttentionResult.WEIGHTS, scores.shape());
        Attend.Backward g = Attend.backward(alignment, distribution, in.queries, in.keys, inputs.tensor(VALUES),
                in.mask, new Attend.Forward(scores, weights, result.output()), dOut, dWeights);
        return new VariantGradients(Map.of(QUERIES, g.queries(), KEYS, g.keys(), VALUES, g.values()),
                g.alignment().prefixed(ALIGNMENT).concat(g.distribution().prefixed(DISTRIBUTION)));
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

    private static int[] outputShape(Bound in) {
        int[] s = in.queries.shape();
        s[s.length - 1] = in.values.cols();
        return s;
    }

    /** The gradient given for {@code name}, or null when absent (= zero). */
    private static Tensor gradient(Map<String, Tensor> given, String name, int[] shape) {
        Tensor g = given.get(name);
        if (g != null) {
            Attend.requireShape("gradient of '" + name + "'", g, shape);
        }
        return g;
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
            // The caller's mask (e.g. fitting's leave-one-out diagonal) joins the padding masks.
            Mask mask = inputs.mask();
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
