package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/**
 * Moving between one {@code [batch…, rows, heads·d_head]} tensor and its heads: head {@code h} is
 * columns {@code [h·d_head, (h+1)·d_head)}, as PyTorch's {@code view(…, heads, d_head)} splits
 * them; per-head {@code [batch…, n, m]} weights stack into {@code [batch…, heads, n, m]}.
 */
final class HeadSplit {
    private HeadSplit() {
    }

    /** Columns of head {@code h}: {@code [batch…, rows, width]}. */
    static Tensor head(Tensor x, int h, int width) {
        int[] shape = x.shape();
        shape[shape.length - 1] = width;
        Tensor.Builder out = Tensor.builder(x.dtype(), shape);
        for (int b = 0; b < x.batchSize(); b++) {
            for (int i = 0; i < x.rows(); i++) {
                for (int c = 0; c < width; c++) {
                    out.set(b, i, c, x.get(b, i, h * width + c));
                }
            }
        }
        return out.build();
    }

    /** The heads side by side: the inverse of {@link #head}. */
    static Tensor merge(Tensor[] heads) {
        Tensor first = heads[0];
        int width = first.cols();
        int[] shape = first.shape();
        shape[shape.length - 1] = width * heads.length;
        Tensor.Builder out = Tensor.builder(first.dtype(), shape);
        for (int h = 0; h < heads.length; h++) {
            for (int b = 0; b < first.batchSize(); b++) {
                for (int i = 0; i < first.rows(); i++) {
                    for (int c = 0; c < width; c++) {
                        out.set(b, i, h * width + c, heads[h].get(b, i, c));
                    }
                }
            }
        }
        return out.build();
    }

    /** {@code [batch…, n, m]} per head → {@code [batch…, heads, n, m]} (heads before the rows). */
    static Tensor stack(Tensor[] perHead) {
        Tensor first = perHead[0];
        int[] batch = first.batchShape();
        int[] shape = new int[batch.length + 3];
        System.arraycopy(batch, 0, shape, 0, batch.length);
        shape[batch.length] = perHead.length;
        shape[batch.length + 1] = first.rows();
        shape[batch.length + 2] = first.cols();
        Tensor.Builder out = Tensor.builder(first.dtype(), shape);
        int matrix = first.rows() * first.cols();
        for (int b = 0; b < first.batchSize(); b++) {
            for (int h = 0; h < perHead.length; h++) {
                for (int k = 0; k < matrix; k++) {
                    out.set((b * perHead.length + h) * matrix + k, perHead[h].at(b * matrix + k));
                }
            }
        }
        return out.build();
    }

    /** Head {@code h} of a stacked {@code [batch…, heads, n, m]} tensor: the inverse of {@link #stack}. */
    static Tensor unstack(Tensor stacked, int h) {
        int[] s = stacked.shape();
        int heads = s[s.length - 3];
        int[] shape = new int[s.length - 1];
        System.arraycopy(s, 0, shape, 0, s.length - 3);
        shape[shape.length - 2] = s[s.length - 2];
        shape[shape.length - 1] = s[s.length - 1];
        Tensor.Builder out = Tensor.builder(stacked.dtype(), shape);
        int matrix = stacked.rows() * stacked.cols();
        int batch = stacked.batchSize() / heads;
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < matrix; k++) {
                out.set(b * matrix + k, stacked.at((b * heads + h) * matrix + k));
            }
        }
        return out.build();
    }

    /** The mean over the head axis of {@code [batch…, heads, n, m]}: {@code [batch…, n, m]}. */
    static Tensor meanOverHeads(Tensor stacked) {
        int[] s = stacked.shape();
        int heads = s[s.length - 3];
        int[] shape = new int[s.length - 1];
        System.arraycopy(s, 0, shape, 0, s.length - 3);
        shape[shape.length - 2] = s[s.length - 2];
        shape[shape.length - 1] = s[s.length - 1];
        Tensor.Builder out = Tensor.builder(stacked.dtype(), shape);
        int matrix = stacked.rows() * stacked.cols();
        int batch = heads == 0 ? 0 : stacked.batchSize() / heads;
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < matrix; k++) {
                double acc = 0;
                for (int h = 0; h < heads; h++) {
                    acc += stacked.at((b * heads + h) * matrix + k);
                }
                out.set(b * matrix + k, acc / heads);
            }
        }
        return out.build();
    }

    /**
     * {@code dL/d(stacked weights)} with the mean's share: {@code dStacked[b, h] + dMean[b] / heads}
     * ({@code mean = Σ_h w_h / heads}) in {@code shape} ({@code [batch…, heads, n, m]}); either
     * gradient may be null (zero), null when both are.
     */
    static Tensor withMeanShare(Tensor dStacked, Tensor dMean, int[] shape, DType dtype) {
        if (dMean == null) {
            return dStacked;
        }
        int heads = shape[shape.length - 3];
        int matrix = shape[shape.length - 2] * shape[shape.length - 1];
        Tensor.Builder out = Tensor.builder(dtype, shape);
        int batch = dMean.size() / Math.max(1, matrix);
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int at = (b * heads + h) * matrix;
                for (int k = 0; k < matrix; k++) {
                    double g = dMean.at(b * matrix + k) / heads;
                    out.set(at + k, dStacked == null ? g : dStacked.at(at + k) + g);
                }
            }
        }
        return out.build();
    }

    /** The element-wise mean of the heads' tensors. */
    static Tensor mean(Tensor[] perHead) {
        Tensor.Builder out = Tensor.builder(perHead[0].dtype(), perHead[0].shape());
        for (int k = 0; k < perHead[0].size(); k++) {
            double acc = 0;
            for (Tensor t : perHead) {
                acc += t.at(k);
            }
            out.set(k, acc / perHead.length);
        }
        return out.build();
    }
}
