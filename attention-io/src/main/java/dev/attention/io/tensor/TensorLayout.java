package dev.attention.io.tensor;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * What a tensor file's header says of one tensor before its data: element type and shape. Lets a
 * writer put the header down first and stream the elements after it, block by block.
 *
 * @param shape every dimension, batch dimensions first
 */
public record TensorLayout(DType dtype, int[] shape) {
    public TensorLayout {
        shape = shape.clone();
    }

    /** The layout of {@code t}. */
    public static TensorLayout of(Tensor t) {
        return new TensorLayout(t.dtype(), t.shape());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long elements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The data's size in bytes: 4 per float32 element, 8 per float64. */
    public long bytes() {
        return elements() * StorageType.of(dtype).bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorLayout l && l.dtype == dtype && Arrays.equals(l.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return dtype.id() + Arrays.toString(shape);
    }
}
