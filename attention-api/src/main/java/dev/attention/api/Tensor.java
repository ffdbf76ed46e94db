package dev.attention.api;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, row-major array of rank ≥ 2 with shape {@code [batch…, rows, cols]}.
 *
 * <p>The leading dimensions are batch dimensions; operations treat the tensor as
 * {@link #batchSize()} matrices of {@link #rows()} × {@link #cols()}. Element {@code (b, i, j)}
 * of the flattened batch index {@code b} lives at {@code (b·rows + i)·cols + j}.
 * Storage follows the {@link DType}: {@code float[]} for float32, {@code double[]} for float64;
 * accessors read as {@code double} so plugins are written once for both types.
 *
 * <p>Variable-length sequences are padded to a common length; which positions are real is
 * carried next to the tensor (see {@link AttentionInputs#lengths(String)} and {@link Mask}),
 * never by ragged arrays. Instances are immutable and safe to share between threads.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final float[] f32;
    private final double[] f64;

    private Tensor(DType dtype, int[] shape, float[] f32, double[] f64) {
        this.dtype = dtype;
        this.shape = shape;
        this.f32 = f32;
        this.f64 = f64;
    }

    /** A tensor of the given type and shape holding a copy of {@code values} (row-major). */
    public static Tensor of(DType dtype, int[] shape, double... values) {
        int[] s = checkShape(shape);
        int size = size(s);
        if (values.length != size) {
            throw new ShapeException("shape " + ShapeException.format(s) + " needs " + size
                    + " values, got " + values.length);
        }
        Builder b = new Builder(dtype, s);
        for (int k = 0; k < size; k++) {
            b.set(k, values[k]);
        }
        return b.build();
    }

    /** A {@code [rows, cols]} matrix from rows of equal length. */
    public static Tensor matrix(DType dtype, double[]... rows) {
        if (rows.length == 0) {
            throw new ShapeException("a matrix needs at least one row; use zeros(dtype, 0, cols) for an empty one");
        }
        int cols = rows[0].length;
        Builder b = new Builder(dtype, new int[] {rows.length, cols});
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new ShapeException("row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            }
            for (int j = 0; j < cols; j++) {
                b.set(i * cols + j, rows[i][j]);
            }
        }
        return b.build();
    }

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        return new Builder(dtype, checkShape(shape)).build();
    }

    /** A mutable builder of zeros; {@link Builder#build()} hands its storage over without a copy. */
    public static Builder builder(DType dtype, int... shape) {
        return new Builder(dtype, checkShape(shape));
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of {@code axis}; negative axes count from the end ({@code -1} is cols). */
    public int dim(int axis) {
        int a = axis < 0 ? shape.length + axis : axis;
        if (a < 0 || a >= shape.length) {
            throw new ShapeException("axis " + axis + " out of range for shape " + ShapeException.format(shape));
        }
        return shape[a];
    }

    public int rows() {
        return shape[shape.length - 2];
    }

    public int cols() {
        return shape[shape.length - 1];
    }

    /** Product of the leading (batch) dimensions; 1 for a plain matrix. */
    public int batchSize() {
        int n = 1;
        for (int k = 0; k < shape.length - 2; k++) {
            n *= shape[k];
        }
        return n;
    }

    /** The leading (batch) dimensions, empty for a plain matrix. */
    public int[] batchShape() {
        return Arrays.copyOf(shape, shape.length - 2);
    }

    /** Number of elements. */
    public int size() {
        return dtype == DType.FLOAT32 ? f32.length : f64.length;
    }

    /** Element at a flat row-major index. */
    public double at(int flatIndex) {
        return dtype == DType.FLOAT32 ? f32[flatIndex] : f64[flatIndex];
    }

    /** Element {@code (i, j)} of matrix {@code batch} (flattened batch index). */
    public double get(int batch, int i, int j) {
        return at(index(batch, i, j));
    }

    /** Element {@code (i, j)} of a tensor with no batch dimension or batch size 1. */
    public double get(int i, int j) {
        if (batchSize() != 1) {
            throw new ShapeException("get(i, j) needs batch size 1, shape is " + ShapeException.format(shape)
                    + "; use get(batch, i, j)");
        }
        return at(index(0, i, j));
    }

    /** Flat index of {@code (batch, i, j)}, bounds-checked. */
    public int index(int batch, int i, int j) {
        int r = rows();
        int c = cols();
        if (batch < 0 || batch >= batchSize() || i < 0 || i >= r || j < 0 || j >= c) {
            throw new IndexOutOfBoundsException("(" + batch + ", " + i + ", " + j + ") outside shape "
                    + ShapeException.format(shape));
        }
        return (batch * r + i) * c + j;
    }

    /** Copies row {@code i} of matrix {@code batch} into {@code dst} (length ≥ cols). */
    public void copyRow(int batch, int i, double[] dst) {
        int c = cols();
        if (batch < 0 || batch >= batchSize() || i < 0 || i >= rows()) {
            throw new IndexOutOfBoundsException("row (" + batch + ", " + i + ") outside shape "
                    + ShapeException.format(shape));
        }
        int base = (batch * rows() + i) * c;
        for (int j = 0; j < c; j++) {
            dst[j] = at(base + j);
        }
    }

    /** A copy of the elements as doubles. */
    public double[] toDoubleArray() {
        if (dtype == DType.FLOAT64) {
            return f64.clone();
        }
        double[] out = new double[f32.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = f32[k];
        }
        return out;
    }

    /**
     * Copies {@code count} elements from flat index {@code from} into {@code dst[offset …]} as
     * doubles (widened for float32): a run of a row, say, without a call per element.
     */
    public void copyTo(int from, double[] dst, int offset, int count) {
        Objects.checkFromIndexSize(from, count, size());
        if (f64 != null) {
            System.arraycopy(f64, from, dst, offset, count);
            return;
        }
        Objects.checkFromIndexSize(offset, count, dst.length);
        float[] src = f32;
        for (int u = 0; u < count; u++) {
            dst[offset + u] = src[from + u];
        }
    }

    /** A copy of the elements as floats (rounded for float64 tensors). */
    public float[] toFloatArray() {
        if (dtype == DType.FLOAT32) {
            return f32.clone();
        }
        float[] out = new float[f64.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) f64[k];
        }
        return out;
    }

    /** A read-only view of float32 storage, without a copy (for kernels). */
    public FloatBuffer floatBuffer() {
        if (dtype != DType.FLOAT32) {
            throw new IllegalStateException("floatBuffer() needs a float32 tensor, this one is " + dtype.id());
        }
        return FloatBuffer.wrap(f32).asReadOnlyBuffer();
    }

    /** A read-only view of float64 storage, without a copy (for kernels). */
    public DoubleBuffer doubleBuffer() {
        if (dtype != DType.FLOAT64) {
            throw new IllegalStateException("doubleBuffer() needs a float64 tensor, this one is " + dtype.id());
        }
        return DoubleBuffer.wrap(f64).asReadOnlyBuffer();
    }

    /** This tensor in another element type (itself when the type already matches). */
    public Tensor to(DType target) {
        if (target == dtype) {
            return this;
        }
        return target == DType.FLOAT64
                ? new Tensor(target, shape, null, toDoubleArray())
                : new Tensor(target, shape, toFloatArray(), null);
    }

    /** The same elements under another shape of equal size (no copy). */
    public Tensor reshape(int... newShape) {
        int[] s = checkShape(newShape);
        if (size(s) != size()) {
            throw new ShapeException("cannot reshape " + ShapeException.format(shape) + " to "
                    + ShapeException.format(s) + ": sizes differ");
        }
        return new Tensor(dtype, s, f32, f64);
    }

    /** True when every element is finite (no NaN, no infinity). */
    public boolean isFinite() {
        // Over the storage, with no call per element (x − x is NaN exactly for NaN and ±∞): inputs
        // are checked before the JIT has compiled anything, where each call costs tens of ns.
        if (f32 != null) {
            for (float x : f32) {
                if (x - x != 0) {
                    return false;
                }
            }
        } else {
            for (double x : f64) {
                if (x - x != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Same dtype, shape and bits. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor t = (Tensor) o;
        return dtype == t.dtype && Arrays.equals(shape, t.shape)
                && Arrays.equals(f32, t.f32) && Arrays.equals(f64, t.f64);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
                + (dtype == DType.FLOAT32 ? Arrays.hashCode(f32) : Arrays.hashCode(f64));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype.id()).append(", ")
                .append(ShapeException.format(shape));
        int n = Math.min(size(), 8);
        sb.append(", [");
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "" : ", ").append(at(k));
        }
        return sb.append(size() > n ? ", …])" : "])").toString();
    }

    private static int[] checkShape(int[] shape) {
        if (shape == null || shape.length < 2) {
            throw new ShapeException("a tensor has rank ≥ 2 ([batch…, rows, cols]), got "
                    + (shape == null ? "null" : ShapeException.format(shape)));
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeException("negative dimension in shape " + ShapeException.format(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new ShapeException("shape " + ShapeException.format(shape) + " has more than 2^31 elements");
            }
        }
        return shape.clone();
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Fills a new tensor. Not thread-safe; {@link #build()} transfers the storage to the tensor,
     * after which the builder refuses further use so the tensor stays immutable.
     */
    public static final class Builder {
        private final DType dtype;
        private final int[] shape;
        private float[] f32;
        private double[] f64;

        private Builder(DType dtype, int[] shape) {
            if (dtype == null) {
                throw new IllegalArgumentException("dtype is required");
            }
            this.dtype = dtype;
            this.shape = shape;
            int n = size(shape);
            if (dtype == DType.FLOAT32) {
                f32 = new float[n];
            } else {
                f64 = new double[n];
            }
        }

        public DType dtype() {
            return dtype;
        }

        public int[] shape() {
            return shape.clone();
        }

        /** Sets the element at a flat index (rounded to float for float32). */
        public Builder set(int flatIndex, double value) {
            live();
            if (f32 != null) {
                f32[flatIndex] = (float) value;
            } else {
                f64[flatIndex] = value;
            }
            return this;
        }

        /**
         * Sets the elements from flat index {@code from} on to the source's remaining floats, in
         * order (widened for float64), and consumes them: one bulk copy for float32, where a
         * per-element {@link #set(int, double)} would cost a call per element.
         */
        public Builder set(int from, FloatBuffer source) {
            live();
            int count = source.remaining();
            if (f32 != null) {
                source.get(f32, from, count);
            } else {
                for (int k = 0; k < count; k++) {
                    f64[from + k] = source.get();
                }
            }
            return this;
        }

        /** {@link #set(int, FloatBuffer)} for doubles: one bulk copy for float64, rounded to float for float32. */
        public Builder set(int from, DoubleBuffer source) {
            live();
            int count = source.remaining();
            if (f64 != null) {
                source.get(f64, from, count);
            } else if (source.hasArray()) {
                double[] a = source.array();
                int at = source.arrayOffset() + source.position();
                for (int k = 0; k < count; k++) {
                    f32[from + k] = (float) a[at + k];
                }
                source.position(source.limit());
            } else {
                for (int k = 0; k < count; k++) {
                    f32[from + k] = (float) source.get();
                }
            }
            return this;
        }

        /** Adds to the element at a flat index. */
        public Builder add(int flatIndex, double value) {
            return set(flatIndex, get(flatIndex) + value);
        }

        public double get(int flatIndex) {
            live();
            return f32 != null ? f32[flatIndex] : f64[flatIndex];
        }

        /** Sets element {@code (i, j)} of matrix {@code batch}. */
        public Builder set(int batch, int i, int j, double value) {
            int r = shape[shape.length - 2];
            int c = shape[shape.length - 1];
            if (i < 0 || i >= r || j < 0 || j >= c || batch < 0 || (batch * r + i) * c + j >= size(shape)) {
                throw new IndexOutOfBoundsException("(" + batch + ", " + i + ", " + j + ") outside shape "
                        + ShapeException.format(shape));
            }
            return set((batch * r + i) * c + j, value);
        }

        public Tensor build() {
            live();
            Tensor t = new Tensor(dtype, shape, f32, f64);
            f32 = null;
            f64 = null;
            return t;
        }

        private void live() {
            if (f32 == null && f64 == null) {
                throw new IllegalStateException("builder already built its tensor");
            }
        }
    }
}
