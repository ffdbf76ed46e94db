package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.Diagonal;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Packed sequences ({@link KernelSpec#segments}) against the independent computation: one kernel
 * call per sequence on its own rows. Forward output, log-sum-exps, weights (zero between
 * sequences) and the backward pass's three gradients, on the SIMD and the scalar workers, float32
 * and float64, causal or not, GQA heads in columns and heads first, with row blocks that straddle
 * sequence boundaries.
 */
class PackedSegmentsTest {
    private static final KernelExecutor ONE = new KernelExecutor(1);
    private static final boolean SIMD = VectorSupport.present();

    /** A problem: cumulative lengths of queries and keys, operands in one layout. */
    private record Packed(int[] cuQ, int[] cuK, boolean first, int hq, int hkv, int d, int dv, DType dtype,
            Tensor q, Tensor k, Tensor v, Tensor dOut, KernelSpec base) {
        int n() {
            return cuQ[cuQ.length - 1];
        }

        int m() {
            return cuK[cuK.length - 1];
        }
    }

    private static int[] cumulative(Random rnd, int sequences) {
        int[] cu = new int[sequences + 1];
        for (int s = 0; s < sequences; s++) {
            // Empty sequences now and then: they must simply vanish.
            cu[s + 1] = cu[s] + (rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(11));
        }
        return cu;
    }

    private static Tensor operand(Random rnd, DType dtype, boolean first, int heads, int rows, int width) {
        return first ? RandomInputs.random(rnd, dtype, heads, rows, width)
                : RandomInputs.random(rnd, dtype, rows, heads * width);
    }

    private static Packed random(long seed, DType dtype, boolean cross) {
        Random rnd = new Random(seed);
        int sequences = 1 + rnd.nextInt(5);
        int[] cuQ = cumulative(rnd, sequences);
        int[] cuK = cross ? cumulative(rnd, sequences) : cuQ;
        boolean first = rnd.nextBoolean();
        int hkv = 1 + rnd.nextInt(2);
        int hq = hkv * (1 + rnd.nextInt(2));
        int d = 1 + rnd.nextInt(9);
        int dv = 1 + rnd.nextInt(6);
        int n = cuQ[sequences];
        int m = cuK[sequences];
        KernelSpec spec = KernelSpec.defaults().heads(hq, hkv, first ? HeadLayout.HEADS_FIRST
                : HeadLayout.HEADS_IN_COLUMNS).weights(true);
        switch (rnd.nextInt(4)) {
            case 0 -> spec = spec.causal(Diagonal.TOP_LEFT);
            case 1 -> spec = spec.causal(Diagonal.BOTTOM_RIGHT);
            case 2 -> spec = spec.window(2, 1).diagonal(rnd.nextBoolean() ? Diagonal.TOP_LEFT : Diagonal.BOTTOM_RIGHT);
            default -> {
            }
        }
        if (rnd.nextBoolean()) {
            spec = spec.softcap(1.5).temperature(0.8);
        }
        if (!cross && rnd.nextBoolean()) {
            double[] slopes = new double[hq];
            for (int h = 0; h < hq; h++) {
                slopes[h] = 0.1 * (h + 1);
            }
            spec = spec.alibi(slopes);
        }
        return new Packed(cuQ, cuK, first, hq, hkv, d, dv, dtype, operand(rnd, dtype, first, hq, n, d),
                operand(rnd, dtype, first, hkv, m, d), operand(rnd, dtype, first, hkv, m, dv),
                operand(rnd, dtype, first, hq, n, dv), spec);
    }

    /** Rows {@code [lo, hi)} of every head of {@code t}. */
    private static Tensor rows(Tensor t, boolean first, int lo, int hi) {
        int[] shape = t.shape();
        int r = shape.length - 2;
        int heads = first ? shape[0] : 1;
        int rows = shape[r];
        int width = shape[r + 1];
        double[] x = new double[heads * (hi - lo) * width];
        int at = 0;
        for (int h = 0; h < heads; h++) {
            for (int i = lo; i < hi; i++) {
                for (int c = 0; c < width; c++) {
                    x[at++] = t.at((h * rows + i) * width + c);
                }
            }
        }
        int[] s = shape.clone();
        s[r] = hi - lo;
        return Tensor.of(t.dtype(), s, x);
    }

    private static void assertRows(Tensor want, Tensor packed, boolean first, int lo, double tol, String what) {
        Tensor got = rows(packed, first, lo, lo + want.shape()[want.rank() - 2]);
        for (int t = 0; t < want.size(); t++) {
            assertEquals(want.at(t), got.at(t), tol * (1 + Math.abs(want.at(t))), what + " element " + t);
        }
    }

    private static void check(Packed c, boolean simd, int block) {
        AttentionKernel kernel = new EngineKernel(ONE, simd);
        KernelSpec packed = c.base().segments(c.cuQ(), c.cuK());
        KernelShape shape = KernelShape.of(c.q(), c.k(), c.v(), packed);
        ForwardPass usual = ForwardPass.of(shape, simd);
        KernelResult f = ((EngineKernel) kernel).attend(new ForwardPass(shape, block, usual.keyBlock), c.q(), c.k(),
                c.v());
        KernelGradients g = BackwardPass.compute(c.q(), c.k(), c.v(), packed, f, c.dOut(), null, simd, ONE, block);
        double tol = c.dtype() == DType.FLOAT32 ? 2e-5 : 1e-11;
        Tensor weights = f.weights().orElseThrow();
        int n = c.n();
        int m = c.m();
        String label = "cu " + Arrays.toString(c.cuQ()) + " / " + Arrays.toString(c.cuK()) + ", " + c.base()
                + ", d " + c.d() + ", dv " + c.dv() + ", simd " + simd + " block " + block;
        for (int s = 0; s + 1 < c.cuQ().length; s++) {
            int q0 = c.cuQ()[s];
            int q1 = c.cuQ()[s + 1];
            int k0 = c.cuK()[s];
            int k1 = c.cuK()[s + 1];
            if (q1 == q0) {
                continue;
            }
            Tensor q = rows(c.q(), c.first(), q0, q1);
            Tensor k = rows(c.k(), c.first(), k0, k1);
            Tensor v = rows(c.v(), c.first(), k0, k1);
            Tensor dOut = rows(c.dOut(), c.first(), q0, q1);
            KernelResult alone = kernel.attend(q, k, v, c.base());
            assertRows(alone.output(), f.output(), c.first(), q0, tol, "output of sequence " + s + ", " + label);
            for (int h = 0; h < c.hq(); h++) {
                for (int i = q0; i < q1; i++) {
                    double lse = alone.logSumExp(h * (q1 - q0) + i - q0);
                    double got = f.logSumExp(h * n + i);
                    if (lse == Double.NEGATIVE_INFINITY) {
                        assertEquals(lse, got, label);
                    } else {
                        assertEquals(lse, got, tol * (1 + Math.abs(lse)), "lse " + label);
                    }
                    Tensor w = alone.weights().orElseThrow();
                    for (int j = 0; j < m; j++) {
                        double want = j >= k0 && j < k1 ? w.at((h * (q1 - q0) + i - q0) * (k1 - k0) + j - k0) : 0;
                        assertEquals(want, weights.at((h * n + i) * m + j), tol, "weight " + label);
                    }
                }
            }
            KernelGradients ga = kernel.backward(q, k, v, c.base(), alone, dOut, null);
            assertRows(ga.queries(), g.queries(), c.first(), q0, tol, "dQ of sequence " + s + ", " + label);
            assertRows(ga.keys(), g.keys(), c.first(), k0, tol, "dK of sequence " + s + ", " + label);
            assertRows(ga.values(), g.values(), c.first(), k0, tol, "dV of sequence " + s + ", " + label);
        }
        // The reference kernel agrees too (it reads the same visible ranges).
        KernelResult ref = AttentionKernel.reference().attend(c.q(), c.k(), c.v(), packed);
        for (int t = 0; t < ref.output().size(); t++) {
            assertEquals(ref.output().at(t), f.output().at(t), tol * (1 + Math.abs(ref.output().at(t))), label);
        }
    }

    @Property(tries = 60)
    void packed_self_attention_equals_one_call_per_sequence(@ForAll long seed, @ForAll boolean float32,
            @ForAll boolean simd) {
        Packed c = random(seed, float32 ? DType.FLOAT32 : DType.FLOAT64, false);
        check(c, simd && SIMD, 5);
        check(c, simd && SIMD, 64);
    }

    @Property(tries = 40)
    void packed_cross_attention_equals_one_call_per_sequence(@ForAll long seed, @ForAll boolean float32,
            @ForAll boolean simd) {
        Packed c = random(seed, float32 ? DType.FLOAT32 : DType.FLOAT64, true);
        check(c, simd && SIMD, 3);
    }

    @Test
    void causal_rows_see_their_own_sequence_up_to_themselves() {
        // Sequences of 3 and 2 rows: row 3 is the first of the second sequence and sees key 3 alone.
        KernelSpec spec = KernelSpec.defaults().causal(Diagonal.TOP_LEFT).segments(new int[] {0, 3, 5});
        Tensor x = Tensor.of(DType.FLOAT64, new int[] {5, 1}, new double[] {1, 2, 3, 4, 5});
        KernelShape s = KernelShape.of(x, x, x, spec);
        int[][] ranges = {{0, 1}, {0, 2}, {0, 3}, {3, 4}, {3, 5}};
        for (int i = 0; i < 5; i++) {
            assertEquals(ranges[i][0], s.from(0, i), "from of row " + i);
            assertEquals(ranges[i][1], s.to(0, i), "to of row " + i);
        }
        // Row 3 sees only itself: its output is its own value.
        assertEquals(4.0, new EngineKernel(ONE, false).attend(x, x, x, spec).output().at(3), 0);
    }

    @Test
    void bad_boundaries_are_one_clear_line() {
        KernelSpec none = KernelSpec.defaults();
        IllegalArgumentException decreasing = assertThrows(IllegalArgumentException.class,
                () -> none.segments(new int[] {0, 4, 3}));
        assertTrue(decreasing.getMessage().contains("must not decrease, entry 2 is 3 after 4"), decreasing.getMessage());
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class,
                () -> none.segments(new int[] {1, 4}));
        assertTrue(start.getMessage().contains("start at 0"), start.getMessage());
        assertThrows(IllegalArgumentException.class, () -> none.segments(new int[] {0, 2}, new int[] {0, 1, 2}));
        Tensor x = Tensor.of(DType.FLOAT64, new int[] {5, 1}, new double[5]);
        ShapeException total = assertThrows(ShapeException.class,
                () -> KernelShape.of(x, x, x, none.segments(new int[] {0, 3, 4})));
        assertTrue(total.getMessage().contains("end at 4 but there are 5 query rows"), total.getMessage());
    }
}
