package dev.attention.benchmarks;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;

/** Seeded random tensors: the same data for every benchmark and for compare.sh. */
final class Inputs {
    private Inputs() {
    }

    /** Standard-normal float32 values. */
    static Tensor gaussian(Random rnd, int... shape) {
        return gaussian(rnd, DType.FLOAT32, 1, shape);
    }

    /** {@code scale · N(0, 1)} values of type {@code dtype}, drawn in row-major order. */
    static Tensor gaussian(Random rnd, DType dtype, double scale, int... shape) {
        Tensor.Builder b = Tensor.builder(dtype, shape);
        int size = size(shape);
        for (int t = 0; t < size; t++) {
            b.set(t, scale * rnd.nextGaussian());
        }
        return b.build();
    }

    /**
     * {@code [b, rows, cols]} standard-normal rows, with the rows at and past {@code lengths[e]} of
     * batch entry {@code e} set to zero: padding holds finite values by the API's convention.
     */
    static Tensor padded(Random rnd, DType dtype, int[] lengths, int rows, int cols) {
        Tensor.Builder b = Tensor.builder(dtype, lengths.length, rows, cols);
        for (int e = 0; e < lengths.length; e++) {
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < cols; c++) {
                    double x = rnd.nextGaussian();
                    b.set((e * rows + i) * cols + c, i < lengths[e] ? x : 0);
                }
            }
        }
        return b.build();
    }

    static int size(int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        return size;
    }
}
