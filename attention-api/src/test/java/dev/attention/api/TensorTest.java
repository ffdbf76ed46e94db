package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Construction, shape queries, element access, conversion and equality of {@link Tensor}. */
class TensorTest {
    // 2 × 2 × 3, element (b, i, j) = 100b + 10i + j so every index is readable in the value.
    private static final Tensor T = Tensor.of(DType.FLOAT64, new int[] {2, 2, 3},
            0, 1, 2, 10, 11, 12,
            100, 101, 102, 110, 111, 112);

    @Test
    void of_lays_values_out_row_major() {
        assertEquals(112, T.get(1, 1, 2));
        assertEquals(102, T.get(1, 0, 2));
        assertEquals(10, T.get(0, 1, 0));
        // index (b, i, j) = (b·rows + i)·cols + j: (1·2 + 1)·3 + 2 = 11
        assertEquals(11, T.index(1, 1, 2));
        assertEquals(112, T.at(11));
    }

    @Test
    void shape_queries() {
        assertArrayEquals(new int[] {2, 2, 3}, T.shape());
        assertEquals(3, T.rank());
        assertEquals(2, T.rows());
        assertEquals(3, T.cols());
        assertEquals(3, T.dim(-1));
        assertEquals(2, T.dim(0));
        assertEquals(12, T.size());
        assertThrows(ShapeException.class, () -> T.dim(3));
        assertThrows(ShapeException.class, () -> T.dim(-4));
    }

    @Test
    void shape_returns_a_copy() {
        T.shape()[0] = 99;
        assertEquals(2, T.dim(0));
    }

    @Test
    void batch_size_is_the_product_of_leading_dimensions() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 2, 3, 4, 5);
        assertEquals(6, t.batchSize());
        assertArrayEquals(new int[] {2, 3}, t.batchShape());
        Tensor m = Tensor.zeros(DType.FLOAT32, 4, 5);
        assertEquals(1, m.batchSize());
        assertArrayEquals(new int[0], m.batchShape());
    }

    @Test
    void rank_below_two_is_refused() {
        assertThrows(ShapeException.class, () -> Tensor.of(DType.FLOAT64, new int[] {3}, 1, 2, 3));
        assertThrows(ShapeException.class, () -> Tensor.zeros(DType.FLOAT64, 3));
        assertThrows(ShapeException.class, () -> Tensor.builder(DType.FLOAT64));
        assertThrows(ShapeException.class, () -> Tensor.of(DType.FLOAT64, null));
    }

    @Test
    void negative_dimensions_are_refused() {
        assertThrows(ShapeException.class, () -> Tensor.zeros(DType.FLOAT64, 2, -1));
    }

    @Test
    void wrong_value_count_is_refused_with_both_numbers() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Tensor.of(DType.FLOAT64, new int[] {2, 3}, 1, 2, 3, 4, 5));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("6"), e.getMessage());
        assertTrue(e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void matrix_from_rows() {
        Tensor m = Tensor.matrix(DType.FLOAT64, new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6});
        assertArrayEquals(new int[] {3, 2}, m.shape());
        assertEquals(4, m.get(1, 1));
        assertEquals(5, m.get(2, 0));
        assertThrows(ShapeException.class, () -> Tensor.matrix(DType.FLOAT64, new double[] {1, 2}, new double[] {3}));
        assertThrows(ShapeException.class, () -> Tensor.matrix(DType.FLOAT64));
    }

    @Test
    void zeros_and_empty_tensors() {
        Tensor z = Tensor.zeros(DType.FLOAT32, 2, 3);
        for (int k = 0; k < z.size(); k++) {
            assertEquals(0.0, z.at(k));
        }
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0, 3);
        assertEquals(0, empty.size());
        assertEquals(3, empty.cols());
    }

    @Test
    void out_of_range_access_is_refused() {
        assertThrows(IndexOutOfBoundsException.class, () -> T.get(2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> T.get(0, 2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> T.get(0, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> T.index(-1, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> T.copyRow(0, 2, new double[3]));
    }

    @Test
    void copy_row_reads_one_row_of_one_matrix() {
        double[] dst = new double[4];
        T.copyRow(1, 0, dst);
        assertArrayEquals(new double[] {100, 101, 102, 0}, dst);
    }

    @Test
    void float32_rounds_on_the_way_in_and_to_converts_both_ways() {
        Tensor d = Tensor.of(DType.FLOAT64, new int[] {1, 1}, 0.1);
        Tensor f = d.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, f.dtype());
        // 0.1 is not a float; the nearest float is 0.100000001490116119384765625.
        assertEquals(0.100000001490116119384765625, f.at(0));
        assertEquals((double) 0.1f, Tensor.of(DType.FLOAT32, new int[] {1, 1}, 0.1).at(0));
        Tensor back = f.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, back.dtype());
        assertEquals(0.100000001490116119384765625, back.at(0), "widening keeps the float's value exactly");
        assertSame(d, d.to(DType.FLOAT64));
    }

    @Test
    void arrays_are_copies() {
        double[] a = T.toDoubleArray();
        a[0] = 42;
        assertEquals(0, T.at(0));
        float[] f = T.toFloatArray();
        assertEquals(112f, f[11]);
    }

    @Test
    void reshape_keeps_elements_and_checks_the_size() {
        Tensor r = T.reshape(4, 3);
        assertArrayEquals(new int[] {4, 3}, r.shape());
        assertEquals(110, r.get(3, 0));
        assertThrows(ShapeException.class, () -> T.reshape(5, 3));
        assertThrows(ShapeException.class, () -> T.reshape(12));
    }

    @Test
    void buffers_are_read_only_views_of_the_matching_type() {
        Tensor f = T.to(DType.FLOAT32);
        assertTrue(f.floatBuffer().isReadOnly());
        assertEquals(12, f.floatBuffer().remaining());
        assertEquals(111f, f.floatBuffer().get(10));
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> f.floatBuffer().put(0, 1f));
        assertTrue(T.doubleBuffer().isReadOnly());
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> T.doubleBuffer().put(0, 1));
        assertThrows(IllegalStateException.class, T::floatBuffer);
        assertThrows(IllegalStateException.class, f::doubleBuffer);
    }

    @Test
    void equality_is_dtype_shape_and_bits() {
        Tensor a = Tensor.of(DType.FLOAT64, new int[] {1, 2}, 1, Double.NaN);
        Tensor b = Tensor.of(DType.FLOAT64, new int[] {1, 2}, 1, Double.NaN);
        assertEquals(a, b, "NaN equals NaN bitwise");
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(Tensor.of(DType.FLOAT64, new int[] {1, 1}, 0.0),
                Tensor.of(DType.FLOAT64, new int[] {1, 1}, -0.0), "0.0 and -0.0 differ in bits");
        assertNotEquals(a, a.to(DType.FLOAT32), "dtype matters");
        assertNotEquals(a, a.reshape(2, 1), "shape matters");
        assertEquals(T.to(DType.FLOAT32), T.to(DType.FLOAT32));
    }

    @Test
    void is_finite() {
        assertTrue(T.isFinite());
        assertFalse(Tensor.of(DType.FLOAT32, new int[] {1, 2}, 1, Double.POSITIVE_INFINITY).isFinite());
        assertFalse(Tensor.of(DType.FLOAT64, new int[] {1, 1}, Double.NaN).isFinite());
        assertFalse(Tensor.of(DType.FLOAT32, new int[] {1, 3}, 0, -0.0, Double.NaN).isFinite());
        assertFalse(Tensor.of(DType.FLOAT64, new int[] {1, 2}, Double.MAX_VALUE, Double.NEGATIVE_INFINITY).isFinite());
        assertTrue(Tensor.of(DType.FLOAT64, new int[] {1, 3}, -Double.MAX_VALUE, Double.MIN_VALUE, -0.0).isFinite());
        assertTrue(Tensor.of(DType.FLOAT32, new int[] {1, 2}, Float.MAX_VALUE, -Float.MIN_VALUE).isFinite());
    }

    @Test
    void bulk_sets_copy_in_order_and_convert_to_the_builders_dtype() {
        float[] floats = {1.5f, -2.25f, 3.125f, 4f};
        double[] doubles = {0.1, -1e-300, 1e300, 7};
        // Float32 from floats: the same bits; consumed from the buffer's position.
        java.nio.FloatBuffer fb = java.nio.FloatBuffer.wrap(floats);
        fb.get();
        Tensor a = Tensor.builder(DType.FLOAT32, 2, 2).set(1, fb).build();
        assertArrayEquals(new float[] {0, -2.25f, 3.125f, 4f}, a.toFloatArray());
        assertFalse(fb.hasRemaining());
        // Float64 from floats: widened exactly.
        Tensor b = Tensor.builder(DType.FLOAT64, 1, 4).set(0, java.nio.FloatBuffer.wrap(floats)).build();
        assertArrayEquals(new double[] {1.5, -2.25, 3.125, 4}, b.toDoubleArray());
        // Float32 from doubles, through an array and through a read-only view: rounded as set(int, double) rounds.
        Tensor.Builder expected = Tensor.builder(DType.FLOAT32, 1, 4);
        for (int k = 0; k < 4; k++) {
            expected.set(k, doubles[k]);
        }
        Tensor want = expected.build();
        assertEquals(want, Tensor.builder(DType.FLOAT32, 1, 4).set(0, java.nio.DoubleBuffer.wrap(doubles)).build());
        assertEquals(want, Tensor.builder(DType.FLOAT32, 1, 4)
                .set(0, java.nio.DoubleBuffer.wrap(doubles).asReadOnlyBuffer()).build());
        // An array-backed buffer with an offset and a limit: only its remaining elements.
        Tensor c = Tensor.builder(DType.FLOAT64, 1, 2).set(0, java.nio.DoubleBuffer.wrap(doubles, 1, 2)).build();
        assertArrayEquals(new double[] {-1e-300, 1e300}, c.toDoubleArray());
        assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.builder(DType.FLOAT64, 1, 2).set(1, java.nio.DoubleBuffer.wrap(doubles, 0, 2)));
    }

    @Test
    void copy_to_reads_a_run_as_doubles() {
        Tensor f = Tensor.of(DType.FLOAT32, new int[] {2, 3}, 0.1, -2, 3, 4, 5.5, 6);
        double[] dst = new double[5];
        f.copyTo(2, dst, 1, 3);
        assertArrayEquals(new double[] {0, (float) 3, (float) 4, (float) 5.5, 0}, dst);
        Tensor d = Tensor.of(DType.FLOAT64, new int[] {1, 3}, 0.1, -1e-300, 7);
        d.copyTo(0, dst, 2, 3);
        assertArrayEquals(new double[] {0, 3, 0.1, -1e-300, 7}, dst);
        assertThrows(IndexOutOfBoundsException.class, () -> f.copyTo(4, dst, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> f.copyTo(0, dst, 3, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyTo(0, dst, 3, 3));
    }
}
