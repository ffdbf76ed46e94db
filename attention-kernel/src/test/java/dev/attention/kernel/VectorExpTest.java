package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The SIMD path's exponential against {@link Math#exp}; skipped where the Vector API is absent. */
class VectorExpTest {
    @Test
    void is_within_one_float_ulp_on_the_whole_softmax_range_and_flushes_below_it() {
        assumeTrue(VectorSupport.present(), "needs --add-modules jdk.incubator.vector");
        Probe.check();
    }

    /** Names the Vector API only here, so the outer class loads without the module. */
    private static final class Probe {
        static double worstUlps(VectorSpecies<Float> s, java.util.function.UnaryOperator<FloatVector> f) {
            float[] x = new float[s.length()];
            float[] y = new float[s.length()];
            double worstUlps = 0;
            long from = Float.floatToRawIntBits(-87f);
            long to = Integer.MIN_VALUE;
            for (long bits = from; bits >= to; bits -= 61L * x.length) {
                for (int t = 0; t < x.length; t++) {
                    x[t] = Float.intBitsToFloat((int) Math.max(to, bits - 61L * t));
                }
                f.apply(FloatVector.fromArray(s, x, 0)).intoArray(y, 0);
                for (int t = 0; t < x.length; t++) {
                    double e = Math.exp(x[t]);
                    worstUlps = Math.max(worstUlps, Math.abs(y[t] - e) / Math.ulp((float) e));
                }
            }
            return worstUlps;
        }

        static void check() {
            VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
            float[] y = new float[s.length()];
            double worstUlps = worstUlps(s, VectorExp::exp);
            assertTrue(worstUlps <= 1, "worst error " + worstUlps + " ulps");
            float[] ends = new float[s.length()];
            ends[0] = 0;
            ends[1] = -100;
            ends[2] = Float.NEGATIVE_INFINITY;
            ends[3] = -87.4f;
            VectorExp.exp(FloatVector.fromArray(s, ends, 0)).intoArray(y, 0);
            assertEquals(1f, y[0]);
            assertEquals(0f, y[1]);
            assertEquals(0f, y[2]);
            assertEquals(0f, y[3]);
            System.out.println("VectorExp: worst error " + worstUlps + " float ulps on [-87, 0]");
        }
    }
}
