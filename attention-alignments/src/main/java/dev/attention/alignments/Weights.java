package dev.attention.alignments;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The learnable tensors of one alignment: fixed names and shapes in a fixed order, stored in the
 * pipeline dtype. Immutable; {@link #with} is how {@code withParameters} validates and replaces
 * them, so every learnable alignment reports wrong names and shapes the same way.
 */
final class Weights {
    private final String id;
    private final DType dtype;
    private final Parameters values;

    /**
     * @param id      the plugin id for messages
     * @param dtype   the pipeline dtype every tensor is stored in
     * @param initial the parameters in declaration order; their shapes are fixed from now on
     */
    Weights(String id, DType dtype, Parameters initial) {
        this.id = id;
        this.dtype = dtype;
        this.values = initial.map((name, t) -> t.to(dtype));
    }

    /**
     * Xavier/Glorot uniform initialisation of a {@code [out, in]} matrix: every element drawn from
     * {@code U(−a, a)}, {@code a = √(6 / (in + out))}, in row-major order from {@code random}.
     */
    static Tensor xavierUniform(Random random, DType dtype, int out, int in) {
        Tensor.Builder b = Tensor.builder(dtype, out, in);
        double a = out + in == 0 ? 0 : Math.sqrt(6.0 / (in + out));
        for (int k = 0; k < out * in; k++) {
            b.set(k, a * (2 * random.nextDouble() - 1));
        }
        return b.build();
    }

    /** A {@code [1, 1]} tensor holding {@code value}. */
    static Tensor scalar(DType dtype, double value) {
        return Tensor.of(dtype, new int[] {1, 1}, value);
    }

    Parameters parameters() {
        return values;
    }

    DType dtype() {
        return dtype;
    }

    /**
     * These weights with some replaced: any subset of the names, each with its current shape; the
     * tensors are converted to the pipeline dtype. Names left out keep their values.
     *
     * @throws ShapeException for an unknown name (listing the known ones) or a wrong shape (giving
     *     the expected one)
     */
    Weights with(Parameters update) {
        Map<String, Tensor> next = new LinkedHashMap<>(values.asMap());
        for (Map.Entry<String, Tensor> e : update.asMap().entrySet()) {
            Tensor current = values.find(e.getKey()).orElseThrow(() -> new ShapeException(id
                    + " has no parameter '" + e.getKey() + "'; known: " + values.names()));
            if (!Arrays.equals(current.shape(), e.getValue().shape())) {
                throw new ShapeException(id + " parameter '" + e.getKey() + "' has shape "
                        + ShapeException.format(current.shape()) + ", got " + ShapeException.format(e.getValue().shape()));
            }
            next.put(e.getKey(), e.getValue());
        }
        return new Weights(id, dtype, Parameters.of(next));
    }

    /** The named tensor's elements as doubles (a copy, row-major). */
    double[] values(String name) {
        return values.get(name).toDoubleArray();
    }

    /** The single element of a {@code [1, 1]} parameter. */
    double scalar(String name) {
        return values.get(name).at(0);
    }

    /**
     * Gradients under the parameters' names, shapes and dtype, from row-major doubles.
     *
     * @param gradients one array per parameter name, of its size
     */
    Parameters gradients(Map<String, double[]> gradients) {
        if (!gradients.keySet().equals(values.names())) {
            throw new IllegalArgumentException(id + " computed gradients for " + gradients.keySet()
                    + " but has parameters " + values.names());
        }
        return values.map((name, t) -> Tensor.of(dtype, t.shape(), gradients.get(name)));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.asMap().forEach((n, t) -> sb.append(sb.length() == 0 ? "" : ", ").append(n)
                .append(ShapeException.format(t.shape())));
        return sb.toString();
    }
}
