package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.Diagonal;
import dev.attention.api.kernel.Dropout;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineKernel#attend} against {@link AttentionKernel#reference()} on random problems that
 * mix everything {@link KernelSpec} documents: batch dimensions, both head layouts, grouped-query
 * heads, lengths, key masks (fully masked rows included), windows on both diagonals, scale,
 * temperature, softcap, the three bias forms with −∞ entries, ALiBi, dropout, weights on and off,
 * both dtypes, on the SIMD path and the scalar one. Each tensor must agree as
 * {@code max|a − b| ≤ tol · max|ref|} (1e-5 for float32, 1e-12 for float64); log-sum-exps likewise,
 * with −∞ exactly where the reference has it, and nothing is NaN.
 */
class EngineForwardTest {
    private static final KernelExecutor ONE = new KernelExecutor(1);

    /** One random problem: operands and spec. */
    record Case(Tensor q, Tensor k, Tensor v, KernelSpec spec) {
        @Override
        public String toString() {
            return "q " + Arrays.toString(q.shape()) + " k " + Arrays.toString(k.shape()) + " v "
                    + Arrays.toString(v.shape()) + " " + q.dtype() + " " + spec;
        }
    }

    static Case randomCase(Random rnd, DType dtype, boolean big) {
        int kvHeads = 1 + rnd.nextInt(2);
        int queryHeads = kvHeads * (1 + rnd.nextInt(3));
        HeadLayout layout = rnd.nextBoolean() ? HeadLayout.HEADS_FIRST : HeadLayout.HEADS_IN_COLUMNS;
        int[] batchShape = switch (rnd.nextInt(3)) {
            case 0 -> new int[0];
            case 1 -> new int[] {1 + rnd.nextInt(3)};
            default -> new int[] {1 + rnd.nextInt(2), 1 + rnd.nextInt(2)};
        };
        int batch = Arrays.stream(batchShape).reduce(1, (a, b) -> a * b);
        int n = 1 + rnd.nextInt(big ? 150 : 70);
        int m = 1 + rnd.nextInt(big ? 200 : 140);
        int d = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(40);
        int dv = 1 + rnd.nextInt(40);
        Tensor q = RandomInputs.random(rnd, dtype, shape(batchShape, layout, queryHeads, n, d));
        Tensor k = RandomInputs.random(rnd, dtype, shape(batchShape, layout, kvHeads, m, d));
        Tensor v = RandomInputs.random(rnd, dtype, shape(batchShape, layout, kvHeads, m, dv));
        KernelSpec spec = KernelSpec.defaults().heads(queryHeads, kvHeads, layout);
        if (rnd.nextBoolean()) {
            spec = spec.scale(0.05 + rnd.nextDouble());
        }
        if (rnd.nextInt(3) == 0) {
            spec = spec.temperature(0.3 + 2 * rnd.nextDouble());
        }
        if (rnd.nextInt(4) == 0) {
            spec = spec.softcap(rnd.nextBoolean() ? 0.5 + 5 * rnd.nextDouble() : 20 + 40 * rnd.nextDouble());
        }
        if (rnd.nextInt(3) == 0) {
            spec = spec.queryLengths(RandomInputs.lengths(rnd, batch, n));
        }
        if (rnd.nextInt(3) == 0) {
            spec = spec.keyLengths(RandomInputs.lengths(rnd, batch, m));
        }
        if (rnd.nextInt(3) == 0) {
            boolean[] keep = new boolean[batch * m];
            double density = rnd.nextDouble();
            for (int t = 0; t < keep.length; t++) {
                keep[t] = rnd.nextDouble() < density;
            }
            if (rnd.nextBoolean()) {
                // A whole key block hidden, to exercise skipping it.
                Arrays.fill(keep, 0, Math.min(keep.length, 64), false);
            }
            spec = spec.keyMask(keep);
        }
        switch (rnd.nextInt(4)) {
            case 0 -> spec = spec.causal(rnd.nextBoolean() ? Diagonal.TOP_LEFT : Diagonal.BOTTOM_RIGHT);
            case 1 -> spec = spec.window(side(rnd), side(rnd))
                    .diagonal(rnd.nextBoolean() ? Diagonal.TOP_LEFT : Diagonal.BOTTOM_RIGHT);
            default -> {
            }
        }
        if (rnd.nextInt(4) == 0) {
            int[] bshape = switch (rnd.nextInt(3)) {
                case 0 -> new int[] {n, m};
                case 1 -> new int[] {queryHeads, n, m};
                default -> new int[] {batch, queryHeads, n, m};
            };
            int size = Arrays.stream(bshape).reduce(1, (a, b) -> a * b);
            double[] x = new double[size];
            for (int t = 0; t < size; t++) {
                x[t] = rnd.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : 2 * rnd.nextGaussian();
            }
            spec = spec.bias(Tensor.of(rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64, bshape, x));
        }
        if (rnd.nextInt(4) == 0) {
            double[] slopes = new double[queryHeads];
            for (int h = 0; h < queryHeads; h++) {
                slopes[h] = Math.pow(2, -1 - h);
            }
            spec = spec.alibi(slopes);
        }
        if (rnd.nextInt(4) == 0) {
            spec = spec.dropout(new Dropout(0.5 * rnd.nextDouble(), rnd.nextLong(), rnd.nextInt(5)));
        }
        spec = spec.weights(rnd.nextBoolean());
        return new Case(q, k, v, spec);
    }

    private static int side(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> KernelSpec.UNBOUNDED;
            default -> rnd.nextInt(90);
        };
    }

    static int[] shape(int[] batchShape, HeadLayout layout, int heads, int rows, int width) {
        int r = batchShape.length;
        if (layout == HeadLayout.HEADS_FIRST) {
            int[] s = Arrays.copyOf(batchShape, r + 3);
            s[r] = heads;
            s[r + 1] = rows;
            s[r + 2] = width;
            return s;
        }
        int[] s = Arrays.copyOf(batchShape, r + 2);
        s[r] = rows;
        s[r + 1] = heads * width;
        return s;
    }

    /** {@code max|a − b| ≤ tol · max|ref|} over a tensor; no NaN. */
    static void assertTensorClose(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = 0;
        double worst = 0;
        for (int t = 0; t < expected.size(); t++) {
            scale = Math.max(scale, Math.abs(expected.at(t)));
            assertFalse(Double.isNaN(actual.at(t)), what + " has NaN at " + t);
            worst = Math.max(worst, Math.abs(expected.at(t) - actual.at(t)));
        }
        assertTrue(worst <= tol * scale, what + ": max error " + worst + " > " + tol + " · " + scale);
    }

    static void assertLseClose(KernelResult expected, KernelResult actual, double tol) {
        assertEquals(expected.rows(), actual.rows(), "lse rows");
        double scale = 1;
        for (int r = 0; r < expected.rows(); r++) {
            if (Double.isFinite(expected.logSumExp(r))) {
                scale = Math.max(scale, Math.abs(expected.logSumExp(r)));
            }
        }
        for (int r = 0; r < expected.rows(); r++) {
            double e = expected.logSumExp(r);
            double a = actual.logSumExp(r);
            if (e == Double.NEGATIVE_INFINITY) {
                assertEquals(e, a, "lse of row " + r + " (sees no key)");
            } else {
                assertTrue(Math.abs(e - a) <= tol * scale, "lse of row " + r + ": expected " + e + ", got " + a);
            }
        }
    }

    static void check(Case c, EngineKernel kernel) {
        KernelResult ref = AttentionKernel.reference().attend(c.q(), c.k(), c.v(), c.spec());
        KernelResult got = kernel.attend(c.q(), c.k(), c.v(), c.spec());
        double tol = c.q().dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        try {
            assertEquals(c.q().dtype(), got.output().dtype());
            assertTensorClose(ref.output(), got.output(), tol, "output");
            assertLseClose(ref, got, tol);
            assertEquals(ref.weights().isPresent(), got.weights().isPresent(), "weights present");
            if (ref.weights().isPresent()) {
                assertTensorClose(ref.weights().get(), got.weights().get(), tol, "weights");
            }
        } catch (AssertionError e) {
            throw new AssertionError(c + " on " + kernel + ": " + e.getMessage(), e);
        }
    }

    /** The SIMD path where the Vector API is present; the scalar one in the JVM without it (no skipped tries). */
    private static EngineKernel defaultPath() {
        return new EngineKernel(ONE, VectorSupport.present());
    }

    @Property(tries = 250)
    void float32_agrees_with_the_reference(@ForAll long seed) {
        check(randomCase(new Random(seed), DType.FLOAT32, false), defaultPath());
    }

    @Property(tries = 250)
    void float64_agrees_with_the_reference(@ForAll long seed) {
        check(randomCase(new Random(seed), DType.FLOAT64, false), defaultPath());
    }

    @Property(tries = 150)
    void scalar_path_agrees_with_the_reference_in_both_dtypes(@ForAll long seed) {
        Random rnd = new Random(seed);
        check(randomCase(rnd, rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64, false), new EngineKernel(ONE, false));
    }

    @Test
    void fully_masked_rows_give_zeros_and_minus_infinity_never_nan() {
        Random rnd = new Random(3);
        Tensor q = RandomInputs.random(rnd, DType.FLOAT32, 2, 5, 8);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT32, 2, 7, 8);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT32, 2, 7, 3);
        boolean[] keep = new boolean[14];
        Arrays.fill(keep, 7, 14, true);
        double[] bias = new double[5 * 7];
        Arrays.fill(bias, 7, 14, Double.NEGATIVE_INFINITY);
        KernelSpec spec = KernelSpec.defaults().keyMask(keep).bias(Tensor.of(DType.FLOAT32, new int[] {5, 7}, bias))
                .weights(true);
        for (boolean simd : VectorSupport.present() ? new boolean[] {true, false} : new boolean[] {false}) {
            for (DType dtype : DType.values()) {
                KernelResult r = new EngineKernel(ONE, simd).attend(q.to(dtype), k.to(dtype), v.to(dtype), spec);
                KernelShape s = KernelShape.of(q, k, v, spec);
                for (int i = 0; i < 5; i++) {
                    assertEquals(Double.NEGATIVE_INFINITY, r.logSumExp(s.row(0, 0, i)));
                    for (int c = 0; c < 3; c++) {
                        assertEquals(0.0, r.output().at(s.output(0, 0, i) + c));
                    }
                }
                // Batch row 1, query 1: every key has bias −∞.
                assertEquals(Double.NEGATIVE_INFINITY, r.logSumExp(s.row(1, 0, 1)));
                assertTrue(Double.isFinite(r.logSumExp(s.row(1, 0, 0))));
                assertTrue(r.output().isFinite());
                assertTrue(r.weights().get().isFinite());
            }
        }
    }

    @Test
    void empty_dimensions_and_mixed_operand_dtypes_agree_with_the_reference() {
        Random rnd = new Random(5);
        int[][] shapes = {{0, 3, 4}, {2, 0, 4}, {2, 3, 0}, {0, 0, 0}};
        for (DType dtype : DType.values()) {
            for (int[] nmd : shapes) {
                Tensor q = RandomInputs.random(rnd, dtype, 2, nmd[0], nmd[2]);
                Tensor k = RandomInputs.random(rnd, dtype, 2, nmd[1], nmd[2]);
                Tensor v = RandomInputs.random(rnd, dtype, 2, nmd[1], 3);
                KernelSpec spec = KernelSpec.defaults().weights(true);
                check(new Case(q, k, v, spec), defaultPath());
                check(new Case(q, k, v, spec), new EngineKernel(ONE, false));
            }
            DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
            Tensor q = RandomInputs.random(rnd, dtype, 2, 9, 6);
            Tensor k = RandomInputs.random(rnd, other, 2, 11, 6);
            Tensor v = RandomInputs.random(rnd, other, 2, 11, 5);
            check(new Case(q, k, v, KernelSpec.defaults().causal(Diagonal.BOTTOM_RIGHT)), defaultPath());
            check(new Case(q, k, v, KernelSpec.defaults()), new EngineKernel(ONE, false));
        }
    }

    @Test
    void the_per_row_dropout_draw_is_dropout_factor() {
        Random rnd = new Random(8);
        Tensor q = RandomInputs.random(rnd, DType.FLOAT64, 3, 2, 5, 4);
        Tensor kv = RandomInputs.random(rnd, DType.FLOAT64, 3, 2, 9, 4);
        for (int t = 0; t < 20; t++) {
            Dropout dropout = new Dropout(rnd.nextDouble() * 0.9, rnd.nextLong(), rnd.nextInt(1000));
            ForwardPass pass = ForwardPass.of(KernelShape.of(q, kv, kv,
                    KernelSpec.defaults().heads(2, 2, HeadLayout.HEADS_FIRST).dropout(dropout)), false);
            for (int b = 0; b < 3; b++) {
                for (int h = 0; h < 2; h++) {
                    for (int i = 0; i < 5; i++) {
                        long row = pass.dropRow(b, h, i);
                        for (int j = 0; j < 9; j++) {
                            assertEquals(dropout.factor(b, h, i, j) == 0, pass.dropped(row, j), b + "," + h + "," + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void larger_problems_with_many_blocks_agree_with_the_reference() {
        Random rnd = new Random(11);
        for (int t = 0; t < 6; t++) {
            DType dtype = t % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            Case c = randomCase(rnd, dtype, true);
            check(c, new EngineKernel(new KernelExecutor(2), VectorSupport.present()));
            check(c, new EngineKernel(new KernelExecutor(2), false));
        }
    }

    @Property(tries = 12)
    void results_are_bit_identical_for_one_and_three_threads(@ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Case c = randomCase(rnd, dtype, true);
        // Big enough to run on the pool rather than inline: batch 2, 4 heads, n·m·(d + d_v) ≥ 2^21.
        Tensor q = RandomInputs.random(rnd, dtype, 2, 4, 130, 48);
        Tensor k = RandomInputs.random(rnd, dtype, 2, 2, 170, 48);
        Tensor v = RandomInputs.random(rnd, dtype, 2, 2, 170, 40);
        KernelSpec spec = c.spec().heads(4, 2, HeadLayout.HEADS_FIRST).queryLengths(null).keyLengths(null)
                .keyMask(null).alibi(0.5, 0.25, 0.125, 0.0625);
        if (spec.bias() != null) {
            spec = KernelSpec.defaults().heads(4, 2, HeadLayout.HEADS_FIRST).softcap(spec.softcap())
                    .window(spec.left(), spec.right()).dropout(spec.dropout()).weights(spec.weights());
        }
        for (boolean simd : VectorSupport.present() ? new boolean[] {true, false} : new boolean[] {false}) {
            KernelResult one = new EngineKernel(ONE, simd).attend(q, k, v, spec);
            KernelResult three = new EngineKernel(new KernelExecutor(3), simd).attend(q, k, v, spec);
            assertEquals(one.output(), three.output(), "output bits, simd " + simd);
            assertArrayEquals(one.logSumExps(), three.logSumExps(), "lse bits, simd " + simd);
            assertEquals(one.weights(), three.weights(), "weight bits, simd " + simd);
        }
    }

    @Property(tries = 12)
    void the_query_block_size_changes_no_bit(@ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Case c = randomCase(rnd, dtype, true);
        for (boolean simd : VectorSupport.present() ? new boolean[] {true, false} : new boolean[] {false}) {
            EngineKernel kernel = new EngineKernel(new KernelExecutor(2), simd);
            KernelShape shape = KernelShape.of(c.q(), c.k(), c.v(), c.spec());
            ForwardPass usual = ForwardPass.of(shape, simd);
            KernelResult expected = kernel.attend(usual, c.q(), c.k(), c.v());
            // Other row groupings: 4-row micro-kernels meet 1-row tails at other rows.
            for (int rows : new int[] {1, 5, 16, 3 * usual.queryBlock}) {
                KernelResult got = kernel.attend(new ForwardPass(shape, rows, usual.keyBlock), c.q(), c.k(), c.v());
                assertEquals(expected.output(), got.output(), "output bits, " + rows + " rows, simd " + simd);
                assertArrayEquals(expected.logSumExps(), got.logSumExps(), "lse bits, " + rows + " rows, simd " + simd);
                assertEquals(expected.weights(), got.weights(), "weight bits, " + rows + " rows, simd " + simd);
            }
        }
    }
}
