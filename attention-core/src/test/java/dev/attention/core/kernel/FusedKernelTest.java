package dev.attention.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The kernel's own API (padding, causal and window visibility, any block sizes) against the
 * straightforward computation in {@link Reference}.
 */
class FusedKernelTest {
    private static final KernelExecutor ONE = new KernelExecutor(1);

    private static KeyVisibility visibility(int kind, int window) {
        return kind == 0 ? KeyVisibility.all() : kind == 1 ? KeyVisibility.causal() : KeyVisibility.window(window);
    }

    @Property(tries = 150)
    void matches_the_reference_for_any_shape_padding_visibility_and_block_size(
            @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 37) int n,
            @ForAll @IntRange(min = 1, max = 37) int m, @ForAll @IntRange(min = 0, max = 9) int d,
            @ForAll @IntRange(min = 1, max = 5) int dv, @ForAll @IntRange(min = 1, max = 13) int queryBlock,
            @ForAll @IntRange(min = 1, max = 13) int keyBlock, @ForAll @IntRange(min = 0, max = 2) int kind,
            @ForAll @IntRange(min = 1, max = 6) int window, @ForAll boolean padded, @ForAll boolean float32,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor q = Reference.random(rnd, dtype, batch, n, d);
        Tensor k = Reference.random(rnd, dtype, batch, m, d);
        Tensor v = Reference.random(rnd, dtype, batch, m, dv);
        int[] qLen = padded ? Reference.lengths(rnd, batch, n) : null;
        int[] kLen = padded ? Reference.lengths(rnd, batch, m) : null;
        KeyVisibility vis = visibility(kind, window);
        double scale = rnd.nextBoolean() ? 0 : 0.1 + rnd.nextDouble();
        double temperature = 0.25 + 2 * rnd.nextDouble();

        FusedForward f = new FusedSoftmaxKernel(scale, temperature, vis, queryBlock, keyBlock)
                .forward(q, k, v, qLen, kLen, ONE);
        Reference ref = Reference.of(q, k, v, qLen, kLen, vis, scale, temperature);
        double tol = float32 ? 1e-5 : 1e-12;
        assertEquals(dtype, f.output().dtype());
        assertArrayEquals(new int[] {batch, n, dv}, f.output().shape());
        Reference.assertClose(ref.output, f.output(), tol, "output");
        Reference.assertWithin(ref.weights, f.weights(ONE, queryBlock), float32 ? 1e-6 : 1e-12, "weights");
    }

    @Test
    void rows_that_see_no_key_give_zeros_and_an_infinite_log_sum_exp_never_nan() {
        Random rnd = new Random(7);
        Tensor q = Reference.random(rnd, DType.FLOAT32, 2, 5, 3);
        Tensor k = Reference.random(rnd, DType.FLOAT32, 2, 4, 3);
        Tensor v = Reference.random(rnd, DType.FLOAT32, 2, 4, 2);
        // Batch 0: no real keys at all. Batch 1: a window of 1 sees key i only, so rows 3 and 4 see
        // padding; row 2 is padding itself.
        FusedForward f = new FusedSoftmaxKernel(0, 1, KeyVisibility.window(1), 2, 3)
                .forward(q, k, v, new int[] {5, 2}, new int[] {0, 3}, ONE);
        for (int i = 0; i < 5; i++) {
            assertEquals(Double.NEGATIVE_INFINITY, f.logSumExp(0, i));
            for (int c = 0; c < 2; c++) {
                assertEquals(0.0, f.output().get(0, i, c));
                assertEquals(i < 2 ? v.get(1, i, c) : 0.0, f.output().get(1, i, c), 1e-7);
            }
        }
        assertTrue(f.output().isFinite());
        double[] w = new double[5 * 4];
        f.weights(1, 0, 5, w);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, w, 1e-7);
    }

    @Test
    void causal_row_i_equals_global_attention_over_the_first_i_plus_one_keys() {
        Random rnd = new Random(3);
        Tensor q = Reference.random(rnd, DType.FLOAT64, 1, 9, 4);
        Tensor k = Reference.random(rnd, DType.FLOAT64, 1, 9, 4);
        Tensor v = Reference.random(rnd, DType.FLOAT64, 1, 9, 3);
        FusedForward causal = new FusedSoftmaxKernel(0, 1, KeyVisibility.causal(), 4, 2).forward(q, k, v, null,
                null, ONE);
        for (int i = 0; i < 9; i++) {
            FusedForward prefix = new FusedSoftmaxKernel(0, 1, KeyVisibility.all(), 4, 2).forward(q, k, v, null,
                    new int[] {i + 1}, ONE);
            for (int c = 0; c < 3; c++) {
                assertEquals(prefix.output().get(0, i, c), causal.output().get(0, i, c), 1e-14);
            }
        }
    }

    @Property(tries = 20)
    void one_two_and_four_threads_give_bit_identical_results(@ForAll @IntRange(min = 1, max = 150) int n,
            @ForAll @IntRange(min = 1, max = 150) int m, @ForAll @IntRange(min = 0, max = 2) int kind,
            @ForAll boolean float32, @ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor q = Reference.random(rnd, dtype, 2, n, 8);
        Tensor k = Reference.random(rnd, dtype, 2, m, 8);
        Tensor v = Reference.random(rnd, dtype, 2, m, 3);
        int[] qLen = Reference.lengths(rnd, 2, n);
        int[] kLen = Reference.lengths(rnd, 2, m);
        FusedSoftmaxKernel kernel = new FusedSoftmaxKernel(0, 0.7, visibility(kind, 5), 7, 16);
        FusedForward one = kernel.forward(q, k, v, qLen, kLen, ONE);
        for (int threads : new int[] {2, 4}) {
            KernelExecutor ex = new KernelExecutor(threads);
            FusedForward many = kernel.forward(q, k, v, qLen, kLen, ex);
            assertEquals(one.output(), many.output(), threads + " threads");
            assertEquals(one.weights(ONE, 7), many.weights(ex, 5), threads + " threads, weights");
        }
    }

    @Test
    void the_query_block_size_does_not_change_a_single_bit() {
        // Key tiles are aligned to the key block, so a row's reduction is the same in any query block.
        Random rnd = new Random(11);
        Tensor q = Reference.random(rnd, DType.FLOAT32, 1, 50, 6);
        Tensor k = Reference.random(rnd, DType.FLOAT32, 1, 70, 6);
        Tensor v = Reference.random(rnd, DType.FLOAT32, 1, 70, 4);
        Tensor expected = new FusedSoftmaxKernel(0, 1, KeyVisibility.window(20), 1, 8).forward(q, k, v, null, null,
                ONE).output();
        for (int qb : new int[] {3, 16, 64}) {
            assertEquals(expected, new FusedSoftmaxKernel(0, 1, KeyVisibility.window(20), qb, 8)
                    .forward(q, k, v, null, null, ONE).output(), "query block " + qb);
        }
    }

    @Test
    void mismatched_shapes_and_bad_settings_are_refused() {
        Tensor q = Tensor.zeros(DType.FLOAT32, 2, 3);
        Tensor k = Tensor.zeros(DType.FLOAT32, 4, 3);
        FusedSoftmaxKernel kernel = new FusedSoftmaxKernel(0, 1, KeyVisibility.all());
        assertThrows(ShapeException.class, () -> kernel.forward(q, Tensor.zeros(DType.FLOAT32, 4, 2),
                Tensor.zeros(DType.FLOAT32, 4, 1), null, null, ONE));
        assertThrows(ShapeException.class, () -> kernel.forward(q, k, Tensor.zeros(DType.FLOAT32, 5, 1), null, null,
                ONE));
        assertThrows(ShapeException.class, () -> kernel.forward(q, k, Tensor.zeros(DType.FLOAT32, 4, 1), null,
                new int[] {5}, ONE));
        assertThrows(IllegalArgumentException.class, () -> new FusedSoftmaxKernel(0, 0, KeyVisibility.all()));
        assertThrows(IllegalArgumentException.class, () -> KeyVisibility.window(0));
        assertThrows(IllegalArgumentException.class, () -> new KernelExecutor(0));
    }
}
