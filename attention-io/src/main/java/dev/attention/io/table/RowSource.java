package dev.attention.io.table;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Optional;

/**
 * A {@code [batch…, rows, cols]} table the writer reads block by block, so a result that is
 * computed on demand (the fused kernel's weights) is written without ever existing whole.
 * A {@link Tensor} is one too, through {@link #of(Tensor)}.
 */
public interface RowSource {

    DType dtype();

    /** {@code [batch…, rows, cols]}. */
    int[] shape();

    /** Writes rows {@code i0 … i0+count−1} of batch element {@code batch} to {@code out} (count × cols). */
    void rows(int batch, int i0, int count, double[] out);

    /** The tensor holding every row, when this source is one ({@link #of}): writers may copy it in bulk. */
    default Optional<Tensor> whole() {
        return Optional.empty();
    }

    /** The rows of a tensor. */
    static RowSource of(Tensor t) {
        return new RowSource() {
            @Override
            public Optional<Tensor> whole() {
                return Optional.of(t);
            }

            @Override
            public DType dtype() {
                return t.dtype();
            }

            @Override
            public int[] shape() {
                return t.shape();
            }

            @Override
            public void rows(int batch, int i0, int count, double[] out) {
                int base = (batch * t.rows() + i0) * t.cols();
                for (int k = 0; k < count * t.cols(); k++) {
                    out[k] = t.at(base + k);
                }
            }
        };
    }
}
