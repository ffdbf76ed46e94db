package dev.attention.variants;

import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;

/**
 * Products of the matrices of two equally batched tensors, products with one shared matrix, and
 * {@code tanh} with its derivative: what co-attention's affinity and hidden maps (and pooling's key
 * map) need. Sums accumulate in double; results take the first operand's dtype.
 */
final class BatchMatrices {
    private BatchMatrices() {
    }

    /** {@code x[b] · y[b]ᵀ}: {@code [B, n, p]}, {@code [B, m, p]} → {@code [B, n, m]}. */
    static Tensor timesTransposed(Tensor x, Tensor y) {
        require(x.batchSize() == y.batchSize() && x.cols() == y.cols(), "x yᵀ", x, y);
        int[] shape = x.shape();
        shape[shape.length - 1] = y.rows();
        Tensor.Builder out = Tensor.builder(x.dtype(), shape);
        for (int b = 0; b < x.batchSize(); b++) {
            for (int i = 0; i < x.rows(); i++) {
                for (int j = 0; j < y.rows(); j++) {
                    double acc = 0;
                    for (int c = 0; c < x.cols(); c++) {
                        acc += x.get(b, i, c) * y.get(b, j, c);
                    }
                    out.set(b, i, j, acc);
                }
            }
        }
        return out.build();
    }

    /** {@code x[b] · y[b]}: {@code [B, n, p]}, {@code [B, p, m]} → {@code [B, n, m]}. */
    static Tensor times(Tensor x, Tensor y) {
        require(x.batchSize() == y.batchSize() && x.cols() == y.rows(), "x y", x, y);
        int[] shape = x.shape();
        shape[shape.length - 1] = y.cols();
        Tensor.Builder out = Tensor.builder(x.dtype(), shape);
        for (int b = 0; b < x.batchSize(); b++) {
            for (int i = 0; i < x.rows(); i++) {
                for (int j = 0; j < y.cols(); j++) {
                    double acc = 0;
                    for (int c = 0; c < x.cols(); c++) {
                        acc += x.get(b, i, c) * y.get(b, c, j);
                    }
                    out.set(b, i, j, acc);
                }
            }
        }
        return out.build();
    }

    /** {@code x[b]ᵀ · y[b]}: {@code [B, p, n]}, {@code [B, p, m]} → {@code [B, n, m]}. */
    static Tensor transposedTimes(Tensor x, Tensor y) {
        require(x.batchSize() == y.batchSize() && x.rows() == y.rows(), "xᵀ y", x, y);
        int[] shape = x.shape();
        shape[shape.length - 2] = x.cols();
        shape[shape.length - 1] = y.cols();
        Tensor.Builder out = Tensor.builder(x.dtype(), shape);
        for (int b = 0; b < x.batchSize(); b++) {
            for (int i = 0; i < x.cols(); i++) {
                for (int j = 0; j < y.cols(); j++) {
                    double acc = 0;
                    for (int r = 0; r < x.rows(); r++) {
                        acc += x.get(b, r, i) * y.get(b, r, j);
                    }
                    out.set(b, i, j, acc);
                }
            }
        }
        return out.build();
    }

    /** {@code x[b] · m} for one shared {@code m [p, q]}: {@code [B, n, p]} → {@code [B, n, q]}. */
    static Tensor timesShared(Tensor x, Tensor m) {
        require(x.cols() == m.rows(), "x M", x, m);
        int[] shape = x.shape();
        shape[shape.length - 1] = m.cols();
        Tensor.Builder out = Tensor.builder(x.dtype(), shape);
        for (int b = 0; b < x.batchSize(); b++) {
            for (int i = 0; i < x.rows(); i++) {
                for (int j = 0; j < m.cols(); j++) {
                    double acc = 0;
                    for (int c = 0; c < x.cols(); c++) {
                        acc += x.get(b, i, c) * m.get(c, j);
                    }
                    out.set(b, i, j, acc);
                }
            }
        }
        return out.build();
    }

    /** Element-wise {@code tanh}. */
    static Tensor tanh(Tensor z) {
        Tensor.Builder h = Tensor.builder(z.dtype(), z.shape());
        for (int k = 0; k < z.size(); k++) {
            h.set(k, Math.tanh(z.at(k)));
        }
        return h.build();
    }

    /** {@code dL/dz} from {@code h = tanh(z)} and {@code dL/dh}: {@code dh ⊙ (1 − h²)}. */
    static Tensor tanhGradient(Tensor h, Tensor dh) {
        Tensor.Builder dz = Tensor.builder(dh.dtype(), dh.shape());
        for (int k = 0; k < h.size(); k++) {
            dz.set(k, dh.at(k) * (1 - h.at(k) * h.at(k)));
        }
        return dz.build();
    }

    private static void require(boolean ok, String what, Tensor x, Tensor y) {
        if (!ok) {
            throw new ShapeException("cannot form " + what + " from " + ShapeException.format(x.shape()) + " and "
                    + ShapeException.format(y.shape()));
        }
    }
}
