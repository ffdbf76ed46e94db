package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The scalar forward pass's 4-row register tiles only reuse loads: with tiles on and off
 * ({@code ScalarForward(…, tiles)}) every output, log-sum-exp and weight has the same bits, on the
 * random problems of {@link EngineForwardTest} (masks, windows, lengths, bias with −∞, ALiBi,
 * softcap, dropout, grouped heads, both layouts and dtypes) and on a causal problem whose blocks mix
 * tiled and row-by-row rows.
 */
class ScalarTileTest {
    private static final KernelExecutor TWO = new KernelExecutor(2);

    private static KernelResult run(Tensor q, Tensor k, Tensor v, KernelSpec spec, boolean tiles) {
        ForwardPass pass = ForwardPass.of(KernelShape.of(q, k, v, spec), false);
        double[] qd = ForwardPass.doubles(q);
        double[] kd = ForwardPass.doubles(k);
        double[] vd = ForwardPass.doubles(v);
        return pass.run(TWO, () -> new ScalarForward(pass, qd, kd, vd, tiles));
    }

    private static void assertSameBits(KernelResult expected, KernelResult got, String what) {
        assertEquals(expected.output(), got.output(), "output bits, " + what);
        assertArrayEquals(expected.logSumExps(), got.logSumExps(), "lse bits, " + what);
        assertEquals(expected.weights(), got.weights(), "weight bits, " + what);
    }

    @Property(tries = 40)
    void tiles_give_the_bits_of_rows_one_by_one(@ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        EngineForwardTest.Case c = EngineForwardTest.randomCase(rnd, dtype, true);
        assertSameBits(run(c.q(), c.k(), c.v(), c.spec(), false), run(c.q(), c.k(), c.v(), c.spec(), true), c.toString());
    }

    @Test
    void causal_blocks_mix_tiles_and_rows_and_keep_the_bits() {
        Random rnd = new Random(7);
        Tensor q = RandomInputs.random(rnd, DType.FLOAT32, 2, 203, 37);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT32, 2, 203, 37);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT32, 2, 203, 30);
        KernelSpec spec = KernelSpec.defaults().window(KernelSpec.UNBOUNDED, 0).weights(true)
                .keyLengths(new int[] {203, 150});
        KernelResult rows = run(q, k, v, spec, false);
        assertSameBits(rows, run(q, k, v, spec, true), "causal");
        // And both agree with the reference kernel (the tiles compute attention, not just the old bits).
        KernelResult ref = dev.attention.api.kernel.AttentionKernel.reference().attend(q, k, v, spec);
        double worst = 0;
        for (int t = 0; t < ref.output().size(); t++) {
            worst = Math.max(worst, Math.abs(ref.output().at(t) - rows.output().at(t)));
        }
        assertEquals(0, worst, 1e-5);
    }
}
