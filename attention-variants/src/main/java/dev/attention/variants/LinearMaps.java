package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import java.util.Random;

/**
 * Learned row-wise maps {@code y = x Wᵀ (+ b)} applied to every row of a
 * {@code [batch…, rows, in]} tensor, with {@code W [out, in]} (PyTorch's layout) and
 * {@code b [1, out]}; their gradients; and Xavier-uniform initialisation. Sums accumulate in double.
 * The overloads taking an {@link AttentionKernel} compute the same as matrix products through it
 * (the engine's are SIMD and parallel): the map {@code x Wᵀ}, the input gradient {@code dy W} and
 * the weight gradient {@code dyᵀ x} over all rows at once; they give the kernel the weight in the
 * operand's dtype.
 */
final class LinearMaps {
    private LinearMaps() {
    }

    /**
     * A {@code [rows, cols]} matrix uniform in {@code [−L, L)}, {@code L = √(6 / (rows + cols))}
     * (Glorot and Bengio 2010), drawn row-major from {@code random}.
     */
    static Tensor xavierUniform(Random random, DType dtype, int rows, int cols) {
        double limit = Math.sqrt(6.0 / (rows + cols));
        Tensor.Builder b = Tensor.builder(dtype, rows, cols);
        for (int k = 0; k < rows * cols; k++) {
            b.set(k, limit * (2 * random.nextDouble() - 1));
        }
        return b.build();
    }

    /** {@code y[b, r] = W x[b, r] (+ bias)}: {@code [batch…, rows, out]} in {@code x}'s dtype. */
    static Tensor apply(String what, Tensor x, Tensor w, Tensor bias) {
        requireWidth(what, x, w);
        int out = w.rows();
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        Tensor.Builder y = Tensor.builder(x.dtype(), shape);
        double[] row = new double[out];
        for (int b = 0; b < x.batchSize(); b++) {
            for (int r = 0; r < x.rows(); r++) {
                applyRow(x, b, r, w, bias, row);
                for (int o = 0; o < out; o++) {
                    y.set(b, r, o, row[o]);
                }
            }
        }
        return y.build();
    }

    /** {@link #apply(String, Tensor, Tensor, Tensor)} as {@code kernel.linear(x, W, bias)}. */
    static Tensor apply(AttentionKernel kernel, String what, Tensor x, Tensor w, Tensor bias) {
        requireWidth(what, x, w);
        return kernel.linear(x, w.to(x.dtype()), bias == null ? null : bias.to(x.dtype()));
    }

    /** {@link #inputGradient(Tensor, Tensor)} as the product {@code dy · W}. */
    static Tensor inputGradient(AttentionKernel kernel, Tensor dy, Tensor w) {
        return kernel.matmul(dy, false, w.to(dy.dtype()), false);
    }

    /**
     * {@link #weightGradient(Tensor, Tensor, DType)} as one product {@code dyᵀ x} of the rows of
     * every batch matrix stacked ({@code [R, out]ᵀ · [R, in]}, R = batch·rows), which is the sum
     * over batch matrices.
     */
    static Tensor weightGradient(AttentionKernel kernel, Tensor dy, Tensor x, DType dtype) {
        int rows = dy.batchSize() * dy.rows();
        Tensor g = kernel.matmul(dy.reshape(rows, dy.cols()), true, x.to(dy.dtype()).reshape(rows, x.cols()), false);
        return g.to(dtype);
    }

    private static void requireWidth(String what, Tensor x, Tensor w) {
        if (x.cols() != w.cols()) {
            throw new ShapeException(what + " has width " + x.cols() + " (shape " + ShapeException.format(x.shape())
                    + ") but its learned map expects " + w.cols() + " (W " + ShapeException.format(w.shape()) + ")");
        }
    }

    /**
     * One row, {@code y = W x[b, r] (+ bias)}, into {@code y[0..out)} in double: for callers that
     * go on computing before (or instead of) rounding to a dtype.
     */
    static void applyRow(Tensor x, int b, int r, Tensor w, Tensor bias, double[] y) {
        int in = w.cols();
        for (int o = 0; o < w.rows(); o++) {
            double acc = bias == null ? 0 : bias.at(o);
            for (int c = 0; c < in; c++) {
                acc += w.get(o, c) * x.get(b, r, c);
            }
            y[o] = acc;
        }
    }

    /** {@code dL/dx = dL/dy · W}: {@code [batch…, rows, in]} in {@code dy}'s dtype. */
    static Tensor inputGradient(Tensor dy, Tensor w) {
        int in = w.cols();
        int[] shape = dy.shape();
        shape[shape.length - 1] = in;
        Tensor.Builder dx = Tensor.builder(dy.dtype(), shape);
        for (int b = 0; b < dy.batchSize(); b++) {
            for (int r = 0; r < dy.rows(); r++) {
                for (int c = 0; c < in; c++) {
                    double acc = 0;
                    for (int o = 0; o < w.rows(); o++) {
                        acc += dy.get(b, r, o) * w.get(o, c);
                    }
                    dx.set(b, r, c, acc);
                }
            }
        }
        return dx.build();
    }

    /** {@code dL/dW = Σ_{b, r} dy[b, r]ᵀ x[b, r]}: {@code [out, in]} in {@code dtype}. */
    static Tensor weightGradient(Tensor dy, Tensor x, DType dtype) {
        int out = dy.cols();
        int in = x.cols();
        double[] acc = new double[out * in];
        for (int b = 0; b < dy.batchSize(); b++) {
            for (int r = 0; r < dy.rows(); r++) {
                for (int o = 0; o < out; o++) {
                    double g = dy.get(b, r, o);
                    for (int c = 0; c < in; c++) {
                        acc[o * in + c] += g * x.get(b, r, c);
                    }
                }
            }
        }
        return Tensor.of(dtype, new int[] {out, in}, acc);
    }

    /** {@code dL/db = Σ_{b, r} dy[b, r]}: {@code [1, out]} in {@code dtype}. */
    static Tensor biasGradient(Tensor dy, DType dtype) {
        double[] acc = new double[dy.cols()];
        for (int b = 0; b < dy.batchSize(); b++) {
            for (int r = 0; r < dy.rows(); r++) {
                for (int o = 0; o < acc.length; o++) {
                    acc[o] += dy.get(b, r, o);
                }
            }
        }
        return Tensor.of(dtype, new int[] {1, acc.length}, acc);
    }
}
