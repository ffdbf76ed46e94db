package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code queries}, {@code keys}, {@code values} inputs of every variant that takes them
 * (global, cross, hard, local-m, local-p, area), validated once: equal batch dimensions, one value
 * row per key, values' lengths (when given) equal to the keys'. Also the padding mask and real
 * lengths the inputs' lengths imply. Values are converted to the queries' dtype.
 */
final class QkvBinding {
    static final String QUERIES = "queries";
    static final String KEYS = "keys";
    static final String VALUES = "values";

    static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(QUERIES, "[batch…, n, d_q] one row per query; lengths mark padding"),
            InputSpec.required(KEYS, "[batch…, m, d_k] one row per key; lengths mark padding"),
            InputSpec.required(VALUES, "[batch…, m, d_v] one row per key; same lengths as keys"));

    final Tensor queries;
    final Tensor keys;
    /** The values in the queries' dtype. */
    final Tensor values;
    /** The raw values input, for gradients that keep its dtype. */
    final Tensor rawValues;
    /** Padding of keys and queries. */
    final Mask padding;
    /** Padding of queries only, for variants whose columns are not the keys themselves (areas). */
    final Mask queryPadding;
    private final int[] keyLengths;
    private final int[] queryLengths;

    private QkvBinding(Tensor q, Tensor k, Tensor v, int[] keyLengths, int[] queryLengths, Mask padding,
            Mask queryPadding) {
        this.queries = q;
        this.keys = k;
        this.rawValues = v;
        this.values = v.to(q.dtype());
        this.keyLengths = keyLengths;
        this.queryLengths = queryLengths;
        this.padding = padding;
        this.queryPadding = queryPadding;
    }

    static QkvBinding of(AttentionInputs inputs) {
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
        int[] keys = keyLengths.orElseGet(() -> full(k));
        if (valueLengths.isPresent() && !Arrays.equals(valueLengths.get(), keys)) {
            throw new ShapeException("values lengths " + Arrays.toString(valueLengths.get())
                    + " differ from keys lengths " + Arrays.toString(keys)
                    + (keyLengths.isPresent() ? "" : " (keys are unpadded)"));
        }
        Optional<int[]> queryLengths = inputs.lengths(QUERIES);
        Mask queryMask = queryLengths.isPresent() ? Mask.queryLengths(queryLengths.get()) : Mask.all();
        Mask mask = keyLengths.isPresent() ? Mask.keyLengths(keys).and(queryMask) : queryMask;
        return new QkvBinding(q, k, v, keys, queryLengths.orElseGet(() -> full(q)), mask, queryMask);
    }

    /** Number of real (unpadded) keys in batch element {@code b}. */
    int realKeys(int b) {
        return keyLengths[b];
    }

    /** Real key counts, one per batch element (a copy). */
    int[] keyLengths() {
        return keyLengths.clone();
    }

    /** True when query row {@code i} of batch element {@code b} is real, not padding. */
    boolean realQuery(int b, int i) {
        return i < queryLengths[b];
    }

    /** {@code [batch…, n, cols]}: the queries' shape with another last dimension. */
    int[] perQuery(int cols) {
        int[] s = queries.shape();
        s[s.length - 1] = cols;
        return s;
    }

    /** The gradients of the three inputs, named as the inputs. */
    static VariantGradients gradients(Tensor queries, Tensor keys, Tensor values, Parameters qualified) {
        return new VariantGradients(Map.of(QUERIES, queries, KEYS, keys, VALUES, values), qualified);
    }

    /**
     * {@link Attend#backward} with these inputs as the operands, as the variant's gradients: the
     * values' gradient keeps the raw values' dtype; the components' parameters are qualified, with
     * no own parameters.
     */
    VariantGradients backward(Alignment a, Distribution f, Mask mask, Attend.Forward forward, ResultGradients given) {
        return gradients(Attend.backward(a, f, queries, keys, rawValues, mask, forward, given.output(),
                given.weights()));
    }

    /**
     * Gradients of these inputs, from either path, as the variant's: the components' parameters
     * qualified, with no own parameters.
     */
    static VariantGradients gradients(Attend.Backward g) {
        return gradients(g.queries(), g.keys(), g.values(),
                QualifiedParameters.ownLast(g.alignment(), g.distribution(), Parameters.empty()));
    }

    /**
     * The inputs' key mask and score bias for weights {@code [batch, heads, n, m]} of these queries
     * and keys (see {@link DataMasks}).
     */
    DataMasks dataMasks(AttentionInputs inputs, int heads) {
        return DataMasks.of(inputs, queries.batchSize(), heads, queries.rows(), keys.rows());
    }

    /** The kernel's masks for these inputs' padding; a variant's own masks are added to it. */
    KernelPath.Masks kernelPadding() {
        return KernelPath.Masks.lengths(queryLengths, keyLengths);
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
