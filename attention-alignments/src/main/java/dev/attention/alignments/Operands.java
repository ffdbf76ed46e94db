package dev.attention.alignments;

import dev.attention.api.AlignmentGradients;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The validated inputs of one alignment call: queries {@code [batch…, n, d]} and keys
 * {@code [batch…, m, dk]} with identical batch dimensions, flattened to doubles. {@link #of} also
 * requires {@code d == dk}; {@link #sized} instead requires the widths an alignment's learnable
 * parameters were sized for.
 *
 * <p>Keys in another dtype than the queries are first converted to the queries' dtype, so
 * {@code scores(q, k)} equals {@code scores(q, k.to(q.dtype()))}: the queries' dtype decides the
 * precision of the whole call, as it decides the dtype of the scores.
 */
final class Operands {
    final DType dtype;
    final int batch;
    final int n;
    final int m;
    /** Width of the queries (and of the keys, for {@link #of}). */
    final int d;
    /** Width of the keys. */
    final int dk;
    final double[] queries;
    final double[] keys;
    private final int[] scoreShape;
    private final int[] queryShape;
    private final int[] keyShape;
    private final DType keyDtype;

    private Operands(Tensor q, Tensor k) {
        this.dtype = q.dtype();
        this.batch = q.batchSize();
        this.n = q.rows();
        this.m = k.rows();
        this.d = q.cols();
        this.dk = k.cols();
        this.queries = q.toDoubleArray();
        this.keys = k.to(q.dtype()).toDoubleArray();
        int[] s = q.shape();
        s[s.length - 1] = m;
        this.scoreShape = s;
        this.queryShape = q.shape();
        this.keyShape = k.shape();
        this.keyDtype = k.dtype();
    }

    /**
     * Checks that {@code keys} fit {@code queries} for the alignment {@code id}.
     *
     * @throws ShapeException naming both shapes when the batch dimensions or the widths differ
     */
    static Operands of(String id, Tensor queries, Tensor keys) {
        requireSameBatch(id, queries, keys);
        if (queries.cols() != keys.cols()) {
            throw new ShapeException(id + " needs queries and keys of equal width (d_q == d_k): queries "
                    + ShapeException.format(queries.shape()) + ", keys " + ShapeException.format(keys.shape()));
        }
        return new Operands(queries, keys);
    }

    /**
     * Checks the inputs of an alignment whose parameters were sized for queries of width
     * {@code queryWidth} and keys of width {@code keyWidth}; a negative {@code keyWidth} accepts
     * keys of any width (for alignments that only count the keys).
     *
     * @throws ShapeException naming both shapes when the batch dimensions differ or a width is not
     *     the one the parameters were sized for
     */
    static Operands sized(String id, Tensor queries, Tensor keys, int queryWidth, int keyWidth) {
        requireSameBatch(id, queries, keys);
        if (queries.cols() != queryWidth || (keyWidth >= 0 && keys.cols() != keyWidth)) {
            throw new ShapeException(id + " was sized for queries of width " + queryWidth
                    + (keyWidth >= 0 ? " and keys of width " + keyWidth : "") + ": queries "
                    + ShapeException.format(queries.shape()) + ", keys " + ShapeException.format(keys.shape()));
        }
        return new Operands(queries, keys);
    }

    private static void requireSameBatch(String id, Tensor queries, Tensor keys) {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(keys, "keys");
        if (!Arrays.equals(queries.batchShape(), keys.batchShape())) {
            throw new ShapeException(id + " needs the same batch dimensions for queries and keys: queries "
                    + ShapeException.format(queries.shape()) + ", keys " + ShapeException.format(keys.shape()));
        }
    }

    /** Shape of the scores, {@code [batch…, n, m]}. */
    int[] scoreShape() {
        return scoreShape.clone();
    }

    /**
     * The score gradient of a backward call as doubles, after checking its shape.
     *
     * @throws ShapeException when it is not {@code [batch…, n, m]}
     */
    double[] scoreGradient(String id, Tensor gradient) {
        Objects.requireNonNull(gradient, "scoreGradient");
        if (!Arrays.equals(scoreShape, gradient.shape())) {
            throw new ShapeException(id + " backward needs a score gradient of the scores' shape "
                    + ShapeException.format(scoreShape) + ", got " + ShapeException.format(gradient.shape()));
        }
        return gradient.toDoubleArray();
    }

    /** The scores tensor holding {@code values}, in the queries' dtype. */
    Tensor scores(double[] values) {
        return Tensor.of(dtype, scoreShape, values);
    }

    /**
     * Input gradients shaped and typed like the inputs they belong to (the keys keep their own
     * dtype even when the forward pass converted them); no parameter gradients.
     */
    AlignmentGradients gradients(double[] dQueries, double[] dKeys) {
        return gradients(dQueries, dKeys, Parameters.empty());
    }

    /** Input gradients as {@link #gradients(double[], double[])}, with the parameters' gradients. */
    AlignmentGradients gradients(double[] dQueries, double[] dKeys, Parameters dParameters) {
        return new AlignmentGradients(Tensor.of(dtype, queryShape, dQueries), Tensor.of(keyDtype, keyShape, dKeys),
                dParameters);
    }
}
