package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.Diagonal;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The engine's backward pass against {@link AttentionKernel#reference()}'s, tensor by tensor, on
 * random problems over every spec feature ({@link BackwardCase}), on the SIMD path (when the
 * Vector API is present) and the scalar one, with block sizes small enough for many tiles.
 */
class EngineBackwardTest {
    private static final KernelExecutor ONE = new KernelExecutor(1);
    private static final boolean SIMD = VectorSupport.present();

    @Property(tries = 300)
    void matches_the_reference_on_random_problems(@ForAll long seed, @ForAll boolean float32, @ForAll boolean simd,
            @ForAll @IntRange(min = 1, max = 11) int block) {
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        BackwardCase c = BackwardCase.random(seed, dtype, 30);
        BackwardCase.assertClose(c.reference(), c.engine(simd && SIMD, ONE, block), c.tolerance(), c.scoreScale(),
                c.toString());
    }

    @Property(tries = 40)
    void matches_the_reference_with_the_default_blocks(@ForAll long seed, @ForAll boolean float32) {
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        BackwardCase c = BackwardCase.random(seed, dtype, 150);
        BackwardCase.assertClose(c.reference(), c.engine(SIMD, ONE, BackwardPass.BLOCK), c.tolerance(), c.scoreScale(),
                c.toString());
    }

    @Property(tries = 30)
    void gives_the_same_bits_for_any_thread_count(@ForAll long seed, @ForAll boolean float32, @ForAll boolean simd,
            @ForAll @IntRange(min = 1, max = 11) int block) {
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        BackwardCase c = BackwardCase.random(seed, dtype, 40);
        KernelGradients one = c.engine(simd && SIMD, ONE, block);
        KernelGradients three = c.engine(simd && SIMD, new KernelExecutor(3), block);
        assertEquals(one.queries(), three.queries());
        assertEquals(one.keys(), three.keys());
        assertEquals(one.values(), three.values());
        assertEquals(one.bias(), three.bias());
    }

    @Test
    void engine_kernel_backward_runs_the_fused_pass_on_its_executor() {
        Random rnd = new Random(3);
        KernelSpec spec = KernelSpec.defaults().heads(4, 2, HeadLayout.HEADS_IN_COLUMNS).causal(Diagonal.TOP_LEFT);
        Tensor q = RandomInputs.random(rnd, DType.FLOAT32, 2, 70, 4 * 8);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT32, 2, 70, 2 * 8);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT32, 2, 70, 2 * 8);
        Tensor dOut = RandomInputs.random(rnd, DType.FLOAT32, 2, 70, 4 * 8);
        for (boolean simd : SIMD ? new boolean[] {true, false} : new boolean[] {false}) {
            EngineKernel engine = new EngineKernel(new KernelExecutor(2), simd);
            KernelResult forward = engine.attend(q, k, v, spec);
            KernelGradients got = engine.backward(q, k, v, spec, forward, dOut, null);
            KernelGradients want = AttentionKernel.reference().backward(q, k, v, spec, forward, dOut, null);
            BackwardCase.assertClose(want, got, DType.FLOAT32, engine.description());
        }
    }

    @Test
    void fully_masked_rows_contribute_nothing_and_never_give_nan() {
        Random rnd = new Random(5);
        // Batch row 0 keeps no key; batch row 1 has two real queries of four and three keys.
        KernelSpec spec = KernelSpec.defaults().keyMask(new boolean[] {false, false, false, true, true, true})
                .queryLengths(new int[] {4, 2}).softcap(2);
        Tensor q = RandomInputs.random(rnd, DType.FLOAT32, 2, 4, 3);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT32, 2, 3, 3);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT32, 2, 3, 2);
        Tensor dOut = RandomInputs.random(rnd, DType.FLOAT32, 2, 4, 2);
        KernelResult forward = AttentionKernel.reference().attend(q, k, v, spec);
        for (boolean simd : SIMD ? new boolean[] {true, false} : new boolean[] {false}) {
            KernelGradients g = BackwardPass.compute(q, k, v, spec, forward, dOut, null, simd, ONE, 2);
            assertTrue(g.queries().isFinite() && g.keys().isFinite() && g.values().isFinite());
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(0.0, g.queries().get(0, i, c));
                    assertEquals(i < 2 ? g.queries().get(1, i, c) : 0.0, g.queries().get(1, i, c));
                }
            }
            for (int j = 0; j < 3; j++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(0.0, g.values().get(0, j, c));
                }
            }
            BackwardCase.assertClose(AttentionKernel.reference().backward(q, k, v, spec, forward, dOut, null), g,
                    DType.FLOAT32, "masked");
        }
    }

    /**
     * Independently of the reference's backward: central differences of
     * {@code L = Σ O∘G + Σ W∘H} through the reference forward pass, on a float64 problem with
     * GQA, softcap, a learned per-head bias, ALiBi, temperature, a window and a weight gradient.
     */
    @Test
    void agrees_with_finite_differences_of_the_forward_pass() {
        Random rnd = new Random(11);
        int n = 5;
        int m = 6;
        Tensor bias = RandomInputs.random(rnd, DType.FLOAT64, 2, n, m);
        KernelSpec spec = KernelSpec.defaults().heads(2, 1, HeadLayout.HEADS_FIRST).softcap(1.5).temperature(0.7)
                .alibi(0.1, 0.3).window(3, 1).diagonal(Diagonal.BOTTOM_RIGHT).bias(bias, true).weights(true);
        Tensor q = RandomInputs.random(rnd, DType.FLOAT64, 1, 2, n, 3);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT64, 1, 1, m, 3);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT64, 1, 1, m, 2);
        Tensor g = RandomInputs.random(rnd, DType.FLOAT64, 1, 2, n, 2);
        Tensor w = RandomInputs.random(rnd, DType.FLOAT64, 1, 2, n, m);
        KernelResult forward = AttentionKernel.reference().attend(q, k, v, spec);
        for (boolean simd : SIMD ? new boolean[] {true, false} : new boolean[] {false}) {
            KernelGradients got = BackwardPass.compute(q, k, v, spec, forward, g, w, simd, ONE, 2);
            Tensor[] operands = {q, k, v, bias};
            Tensor[] grads = {got.queries(), got.keys(), got.values(), got.bias().orElseThrow()};
            for (int which = 0; which < 4; which++) {
                for (int t = 0; t < operands[which].size(); t++) {
                    double h = 1e-6;
                    double up = loss(operands, which, t, h, spec, g, w);
                    double down = loss(operands, which, t, -h, spec, g, w);
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grads[which].at(t), 1e-7, "operand " + which + " element " + t);
                }
            }
        }
    }

    private static double loss(Tensor[] operands, int which, int t, double h, KernelSpec spec, Tensor g, Tensor w) {
        Tensor[] x = operands.clone();
        double[] values = x[which].toDoubleArray();
        values[t] += h;
        x[which] = Tensor.of(DType.FLOAT64, x[which].shape(), values);
        KernelSpec s = which == 3 ? spec.bias(x[3], true) : spec;
        KernelResult r = AttentionKernel.reference().attend(x[0], x[1], x[2], s);
        double sum = 0;
        for (int e = 0; e < g.size(); e++) {
            sum += r.output().at(e) * g.at(e);
        }
        Tensor weights = r.weights().orElseThrow();
        for (int e = 0; e < w.size(); e++) {
            sum += weights.at(e) * w.at(e);
        }
        return sum;
    }
}
