package dev.attention.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The float32 SIMD path against the scalar path (double dot products and sums): equal within
 * 1e-5 relative to the output's scale for any shape, padding, visibility and block size (tails
 * of every micro-kernel), and bit-identical for any thread count and query block size.
 * Skipped where the Vector API is absent.
 *
 * <p>The bound: a float32 dot product of {@code d} terms errs by at most {@code d·u·Σ|q_c k_c|}
 * ({@code u = 2^-24}), typically {@code √d·u·…}; the exponential turns an absolute score error δ
 * into a relative weight error δ, and the output, a weighted average, inherits it relative to the
 * values' scale. For |z| up to ~10 and d ≤ 128 that is ≲ 1e-6 typical, so 1e-5 leaves a margin
 * without hiding a wrong lane or a missed tile.
 */
class SimdPathTest {
    private static final KernelExecutor ONE = new KernelExecutor(1);

    private static KeyVisibility visibility(int kind, int window) {
        return kind == 0 ? KeyVisibility.all() : kind == 1 ? KeyVisibility.causal() : KeyVisibility.window(window);
    }

    @Property(tries = 200)
    void simd_and_scalar_agree_within_1e_5_relative(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 80) int n, @ForAll @IntRange(min = 1, max = 150) int m,
            @ForAll @IntRange(min = 0, max = 70) int d, @ForAll @IntRange(min = 1, max = 70) int dv,
            @ForAll @IntRange(min = 1, max = 70) int queryBlock, @ForAll @IntRange(min = 1, max = 70) int keyBlock,
            @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 1, max = 40) int window,
            @ForAll boolean padded, @ForAll long seed) {
        assumeTrue(VectorSupport.present());
        Random rnd = new Random(seed);
        Tensor q = Reference.random(rnd, DType.FLOAT32, batch, n, d);
        Tensor k = Reference.random(rnd, DType.FLOAT32, batch, m, d);
        Tensor v = Reference.random(rnd, DType.FLOAT32, batch, m, dv);
        int[] qLen = padded ? Reference.lengths(rnd, batch, n) : null;
        int[] kLen = padded ? Reference.lengths(rnd, batch, m) : null;
        double scale = rnd.nextBoolean() ? 0 : 0.05 + 0.5 * rnd.nextDouble();
        double temperature = 0.25 + 2 * rnd.nextDouble();
        FusedSoftmaxKernel kernel = new FusedSoftmaxKernel(scale, temperature, visibility(kind, window), queryBlock,
                keyBlock);
        FusedForward simd = kernel.vectorised(true).forward(q, k, v, qLen, kLen, ONE);
        FusedForward scalar = kernel.vectorised(false).forward(q, k, v, qLen, kLen, ONE);
        Reference.assertClose(scalar.output().toDoubleArray(), simd.output(), 1e-5, "output");
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                double a = scalar.logSumExp(b, i);
                double s = simd.logSumExp(b, i);
                assertEquals(a, s, a == Double.NEGATIVE_INFINITY ? 0 : 1e-5 * (1 + Math.abs(a)), "lse " + b + "," + i);
            }
        }
    }

    @Test
    void a_large_head_agrees_with_the_scalar_path() {
        assumeTrue(VectorSupport.present());
        Random rnd = new Random(5);
        Tensor q = Reference.random(rnd, DType.FLOAT32, 1, 300, 64);
        Tensor k = Reference.random(rnd, DType.FLOAT32, 1, 1000, 64);
        Tensor v = Reference.random(rnd, DType.FLOAT32, 1, 1000, 64);
        FusedSoftmaxKernel kernel = new FusedSoftmaxKernel(0, 1, KeyVisibility.all());
        KernelExecutor two = new KernelExecutor(2);
        Tensor simd = kernel.vectorised(true).forward(q, k, v, null, null, two).output();
        Tensor scalar = kernel.vectorised(false).forward(q, k, v, null, null, two).output();
        Reference.assertClose(scalar.toDoubleArray(), simd, 1e-5, "output");
    }

    @Property(tries = 20)
    void simd_results_are_bit_identical_for_one_two_and_four_threads(@ForAll @IntRange(min = 1, max = 150) int n,
            @ForAll @IntRange(min = 1, max = 150) int m, @ForAll @IntRange(min = 0, max = 2) int kind,
            @ForAll long seed) {
        assumeTrue(VectorSupport.present());
        Random rnd = new Random(seed);
        Tensor q = Reference.random(rnd, DType.FLOAT32, 2, n, 24);
        Tensor k = Reference.random(rnd, DType.FLOAT32, 2, m, 24);
        Tensor v = Reference.random(rnd, DType.FLOAT32, 2, m, 40);
        int[] qLen = Reference.lengths(rnd, 2, n);
        int[] kLen = Reference.lengths(rnd, 2, m);
        FusedSoftmaxKernel kernel = new FusedSoftmaxKernel(0, 0.7, visibility(kind, 5), 7, 16).vectorised(true);
        FusedForward one = kernel.forward(q, k, v, qLen, kLen, ONE);
        for (int threads : new int[] {2, 4}) {
            FusedForward many = kernel.forward(q, k, v, qLen, kLen, new KernelExecutor(threads));
            assertEquals(one.output(), many.output(), threads + " threads");
        }
    }

    @Test
    void the_query_block_size_does_not_change_a_single_bit_of_the_simd_path() {
        // Rows share micro-kernels differently per query block; a row's lanes must not notice.
        assumeTrue(VectorSupport.present());
        Random rnd = new Random(11);
        Tensor q = Reference.random(rnd, DType.FLOAT32, 1, 50, 33);
        Tensor k = Reference.random(rnd, DType.FLOAT32, 1, 70, 33);
        Tensor v = Reference.random(rnd, DType.FLOAT32, 1, 70, 70);
        Tensor expected = new FusedSoftmaxKernel(0, 1, KeyVisibility.window(20), 1, 8).vectorised(true)
                .forward(q, k, v, null, null, ONE).output();
        for (int qb : new int[] {3, 4, 16, 64}) {
            assertEquals(expected, new FusedSoftmaxKernel(0, 1, KeyVisibility.window(20), qb, 8).vectorised(true)
                    .forward(q, k, v, null, null, ONE).output(), "query block " + qb);
        }
    }
}
