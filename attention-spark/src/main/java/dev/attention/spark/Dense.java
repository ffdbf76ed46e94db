package dev.attention.spark;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.Serializable;

/**
 * A tensor in a form Spark can serialize and broadcast ({@link Tensor} is not {@link Serializable}).
 * Float32 values are stored as doubles, which holds them exactly, so the round trip is lossless.
 */
record Dense(String dtype, int[] shape, double[] data) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Dense of(Tensor t) {
        return new Dense(t.dtype().id(), t.shape(), t.toDoubleArray());
    }

    Tensor tensor() {
        return Tensor.of(DType.fromId(dtype), shape, data);
    }

    int cols() {
        return shape[shape.length - 1];
    }

    int rows() {
        return shape[shape.length - 2];
    }
}
