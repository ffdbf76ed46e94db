package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code EngineKernel.matmul} ({@link Gemm}: {@link SimdFloatGemm}, {@link SimdDoubleGemm},
 * {@link ScalarGemm}) against {@link AttentionKernel#reference()}: {@code max|C − C_ref| ≤ tol·max|C_ref|}
 * with tol 1e-5 for float32 and 1e-12 for float64, on random shapes with the edges (0, 1, primes,
 * sizes either side of the vector length, the micro-tile and the cache blocks), both transposes,
 * batched and shared right operands, both dtypes, SIMD (where the Vector API is present) and scalar;
 * and the same bits for 1, 2 and 3 threads.
 */
class GemmTest {
    private static final AttentionKernel REF = AttentionKernel.reference();
    private static final KernelExecutor ONE = new KernelExecutor(1);
    private static final KernelExecutor TWO = new KernelExecutor(2);
    private static final KernelExecutor THREE = new KernelExecutor(3);

    private static EngineKernel engine(KernelExecutor executor, boolean simd) {
        return new EngineKernel(executor, simd && VectorSupport.present());
    }

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
    }

    /** Uniform in [−1, 1), or [0, 1) when {@code positive}: one sign is the hard case for float sums. */
    private static Tensor random(Random rnd, DType dtype, boolean positive, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] x = new double[size];
        for (int t = 0; t < size; t++) {
            x[t] = positive ? rnd.nextDouble() : 2 * rnd.nextDouble() - 1;
        }
        return Tensor.of(dtype, shape, x);
    }

    /** The stored shape of an operand whose {@code op} is {@code rows × cols}, after the batch dimensions. */
    private static int[] stored(int[] batch, int rows, int cols, boolean transposed) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = transposed ? cols : rows;
        s[batch.length + 1] = transposed ? rows : cols;
        return s;
    }

    /** Asserts {@code max|actual − expected| ≤ tol·max|expected|} (exact when expected is all zeros). */
    static double assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double scale = 0;
        double err = 0;
        for (int t = 0; t < expected.size(); t++) {
            scale = Math.max(scale, Math.abs(expected.at(t)));
            double e = Math.abs(actual.at(t) - expected.at(t));
            err = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(err, e);
        }
        double relative = scale == 0 ? err : err / scale;
        if (!(err <= tol * scale)) {
            throw new AssertionError(what + ": max|C − C_ref| = " + err + " with max|C_ref| = " + scale
                    + " (relative " + relative + ", tolerance " + tol + ")");
        }
        return relative;
    }

    @Provide
    Arbitrary<Integer> sizes() {
        // 6 = the SIMD micro-tile's rows, 4 = the scalar one's; 8, 16, 32 = vector lengths and tile widths.
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 13, 15, 16, 17, 31, 32, 33, 37, 47, 48,
                49, 64, 65), Arbitraries.integers().between(0, 90));
    }

    @Property(tries = 400)
    void agrees_with_the_reference(@ForAll("sizes") int r, @ForAll("sizes") int k, @ForAll("sizes") int c,
            @ForAll @IntRange(min = 0, max = 2) int batchDims, @ForAll @IntRange(min = 1, max = 3) int b0,
            @ForAll @IntRange(min = 1, max = 2) int b1, @ForAll boolean transposeA, @ForAll boolean transposeB,
            @ForAll boolean shared, @ForAll boolean float64, @ForAll boolean simd, @ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
        int[] batch = batchDims == 0 ? new int[0] : batchDims == 1 ? new int[] {b0} : new int[] {b0, b1};
        Tensor a = random(rnd, dtype, rnd.nextBoolean(), stored(batch, r, k, transposeA));
        Tensor b = random(rnd, dtype, rnd.nextBoolean(), stored(shared ? new int[0] : batch, k, c, transposeB));
        Tensor expected = REF.matmul(a, transposeA, b, transposeB);
        Tensor actual = engine(TWO, simd).matmul(a, transposeA, b, transposeB);
        assertClose(expected, actual, tolerance(dtype), "matmul");
    }

    /**
     * Crosses every block boundary of both paths: rows past mc (144 float32 SIMD, 72 float64 SIMD,
     * 64 scalar), columns past nc (512, 256), depth past two kc slices (256), with ragged last
     * slivers; every storage order of the same {@code op(A)}, {@code op(B)}.
     */
    @Test
    void large_products_cross_the_cache_blocks_in_every_storage_order() {
        Random rnd = new Random(11);
        int r = 151;
        int k = 531;
        int c = 547;
        for (DType dtype : DType.values()) {
            Tensor a = random(rnd, dtype, false, r, k);
            Tensor b = random(rnd, dtype, false, k, c);
            Tensor expected = REF.matmul(a, false, b, false);
            Tensor at = transpose(a);
            Tensor bt = transpose(b);
            for (boolean simd : new boolean[] {true, false}) {
                EngineKernel e = engine(TWO, simd);
                String what = e + " " + dtype.id();
                assertClose(expected, e.matmul(a, false, b, false), tolerance(dtype), what + " A·B");
                assertClose(expected, e.matmul(at, true, b, false), tolerance(dtype), what + " Aᵀᵀ·B");
                assertClose(expected, e.matmul(a, false, bt, true), tolerance(dtype), what + " A·Bᵀᵀ");
                assertClose(expected, e.matmul(at, true, bt, true), tolerance(dtype), what + " Aᵀᵀ·Bᵀᵀ");
            }
        }
    }

    private static Tensor transpose(Tensor m) {
        Tensor.Builder t = Tensor.builder(m.dtype(), m.cols(), m.rows());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                t.set(0, j, i, m.get(i, j));
            }
        }
        return t.build();
    }

    /**
     * Float32 sums of one sign over a long k, the worst case for a float accumulator: the error
     * grows with the slice length kc and the number of slices k/kc, and stays within 1e-5.
     */
    @Test
    void float32_stays_within_1e_5_over_a_long_depth() {
        Random rnd = new Random(3);
        for (int k : new int[] {1000, 4096, 10000}) {
            for (boolean positive : new boolean[] {true, false}) {
                Tensor a = random(rnd, DType.FLOAT32, positive, 7, k);
                Tensor b = random(rnd, DType.FLOAT32, positive, k, 37);
                Tensor expected = REF.matmul(a, false, b, false);
                for (boolean simd : new boolean[] {true, false}) {
                    assertClose(expected, engine(ONE, simd).matmul(a, false, b, false), 1e-5,
                            "k = " + k + (positive ? " positive" : " mixed signs") + (simd ? " simd" : " scalar"));
                }
            }
        }
    }

    /** Batched attention-like products and a shared projection, with many tasks: same bits for 1, 2 and 3 threads. */
    @Property(tries = 12)
    void results_are_bit_identical_for_one_two_and_three_threads(@ForAll @IntRange(min = 1, max = 330) int r,
            @ForAll @IntRange(min = 1, max = 600) int k, @ForAll @IntRange(min = 1, max = 700) int c,
            @ForAll boolean transposeA, @ForAll boolean transposeB, @ForAll boolean shared,
            @ForAll boolean float64, @ForAll boolean simd, @ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
        int[] batch = {2};
        Tensor a = random(rnd, dtype, false, stored(batch, r, k, transposeA));
        Tensor b = random(rnd, dtype, false, stored(shared ? new int[0] : batch, k, c, transposeB));
        Tensor one = engine(ONE, simd).matmul(a, transposeA, b, transposeB);
        assertEquals(one, engine(TWO, simd).matmul(a, transposeA, b, transposeB), "2 threads");
        assertEquals(one, engine(THREE, simd).matmul(a, transposeA, b, transposeB), "3 threads");
    }

    @Test
    void a_many_task_product_is_bit_identical_across_thread_counts_on_both_paths() {
        Random rnd = new Random(8);
        for (DType dtype : DType.values()) {
            Tensor a = random(rnd, dtype, false, 3, 301, 280);
            Tensor w = random(rnd, dtype, false, 1100, 280);
            for (boolean simd : new boolean[] {true, false}) {
                Tensor one = engine(ONE, simd).matmul(a, false, w, true);
                assertEquals(one, engine(TWO, simd).matmul(a, false, w, true), dtype.id() + " simd " + simd);
                assertEquals(one, engine(THREE, simd).matmul(a, false, w, true), dtype.id() + " simd " + simd);
            }
        }
    }

    /** The projection shape of multi-head attention: {@code x [batch, n, d_model] · Wᵀ}, plus bias. */
    @Test
    void linear_matches_the_reference() {
        Random rnd = new Random(4);
        for (DType dtype : DType.values()) {
            Tensor x = random(rnd, dtype, false, 2, 97, 64);
            Tensor w = random(rnd, dtype, false, 80, 64);
            Tensor bias = random(rnd, dtype, false, 1, 80);
            for (boolean simd : new boolean[] {true, false}) {
                EngineKernel e = engine(TWO, simd);
                assertClose(REF.linear(x, w, bias), e.linear(x, w, bias), tolerance(dtype), e + " linear");
                assertClose(REF.linear(x, w, null), e.linear(x, w, null), tolerance(dtype), e + " linear, no bias");
            }
        }
    }

    /** The result has A's dtype; B is converted to it, as the reference does. */
    @Test
    void mixed_dtypes_follow_the_left_operand() {
        Random rnd = new Random(5);
        for (DType left : DType.values()) {
            DType right = left == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
            Tensor a = random(rnd, left, false, 2, 19, 23);
            Tensor b = random(rnd, right, false, 2, 23, 29);
            for (boolean simd : new boolean[] {true, false}) {
                Tensor actual = engine(ONE, simd).matmul(a, false, b, false);
                assertEquals(left, actual.dtype());
                assertClose(REF.matmul(a, false, b, false), actual, tolerance(left), left.id() + " · " + right.id());
            }
        }
    }

    @Test
    void empty_products_are_zeros_of_the_right_shape() {
        for (boolean simd : new boolean[] {true, false}) {
            EngineKernel e = engine(ONE, simd);
            Tensor zeroDepth = e.matmul(Tensor.zeros(DType.FLOAT32, 3, 0), false, Tensor.zeros(DType.FLOAT32, 0, 4),
                    false);
            assertEquals(Tensor.zeros(DType.FLOAT32, 3, 4), zeroDepth);
            assertEquals(Tensor.zeros(DType.FLOAT64, 0, 2, 5), e.matmul(Tensor.zeros(DType.FLOAT64, 0, 2, 7), false,
                    Tensor.zeros(DType.FLOAT64, 7, 5), false));
            assertEquals(Tensor.zeros(DType.FLOAT64, 2, 0, 5), e.matmul(Tensor.zeros(DType.FLOAT64, 2, 0, 7), false,
                    Tensor.zeros(DType.FLOAT64, 2, 7, 5), false));
        }
    }

    /** Inf and NaN propagate as in the reference: zero padding never turns a finite result into NaN. */
    @Test
    void non_finite_values_propagate_like_the_reference() {
        double[] x = new double[7 * 5];
        for (int t = 0; t < x.length; t++) {
            x[t] = t % 3 - 1;
        }
        x[7] = Double.POSITIVE_INFINITY;
        x[20] = Double.NaN;
        for (DType dtype : DType.values()) {
            Tensor a = Tensor.of(dtype, new int[] {7, 5}, x);
            Tensor b = Tensor.of(dtype, new int[] {5, 3}, 1, 0, 2, 3, 1, 0, 0, 2, 1, 1, 1, 1, 2, 0, 3);
            Tensor expected = REF.matmul(a, false, b, false);
            for (boolean simd : new boolean[] {true, false}) {
                Tensor actual = engine(ONE, simd).matmul(a, false, b, false);
                for (int t = 0; t < expected.size(); t++) {
                    assertEquals(expected.at(t), actual.at(t), 0, dtype.id() + " at " + t);
                }
            }
        }
    }

    @Test
    void shape_errors_are_the_references() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 2, 3, 4);
        Tensor[] bad = {Tensor.zeros(DType.FLOAT32, 5, 6), Tensor.zeros(DType.FLOAT32, 3, 4, 6),
            Tensor.zeros(DType.FLOAT32, 2, 5, 6)};
        for (Tensor b : bad) {
            String expected = assertThrows(ShapeException.class, () -> REF.matmul(a, false, b, false)).getMessage();
            for (boolean simd : new boolean[] {true, false}) {
                ShapeException e = assertThrows(ShapeException.class,
                        () -> engine(ONE, simd).matmul(a, false, b, false));
                assertEquals(expected, e.getMessage());
            }
        }
        assertTrue(engine(ONE, false).matmul(a, true, Tensor.zeros(DType.FLOAT32, 3, 2), false).rank() == 3);
    }
}
