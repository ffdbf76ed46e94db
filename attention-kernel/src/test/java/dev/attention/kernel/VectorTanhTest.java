package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The float32 softcap's tanh against {@link Math#tanh}: within 4e-7 relative (a few float ulps)
 * for every float in [−50, 50] taken with a stride of 61 bit patterns (tiny arguments included),
 * odd, and ±1 far out. Runs only where the Vector API is present.
 */
class VectorTanhTest {
    @Test
    void is_within_a_few_float_ulps_of_math_tanh() {
        if (!VectorSupport.present()) {
            return;
        }
        Probe.check();
    }

    /** Names the Vector API only here, so the outer class loads without the module. */
    private static final class Probe {
        static void check() {
            VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
            int l = s.length();
            float[] x = new float[l];
            float[] y = new float[l];
            double worst = 0;
            // Positive floats from 1e-30 up to 50, every 61st bit pattern, and their negatives.
            int from = Float.floatToRawIntBits(1e-30f);
            int to = Float.floatToRawIntBits(50f);
            for (long bits = from; bits <= to; bits += 61L * l) {
                for (int sign = 0; sign < 2; sign++) {
                    for (int t = 0; t < l; t++) {
                        float v = Float.intBitsToFloat((int) Math.min(to, bits + 61L * t));
                        x[t] = sign == 0 ? v : -v;
                    }
                    VectorTanh.tanh(FloatVector.fromArray(s, x, 0)).intoArray(y, 0);
                    for (int t = 0; t < l; t++) {
                        double e = Math.tanh(x[t]);
                        worst = Math.max(worst, Math.abs(y[t] - e) / Math.abs(e));
                    }
                }
            }
            assertTrue(worst <= 4e-7, "worst relative error " + worst);
            float[] ends = new float[l];
            ends[0] = 0;
            ends[1] = 100;
            ends[2 % l] = Float.NEGATIVE_INFINITY;
            ends[3 % l] = -1e4f;
            VectorTanh.tanh(FloatVector.fromArray(s, ends, 0)).intoArray(y, 0);
            assertEquals(0f, y[0]);
            assertEquals(1f, y[1]);
            if (l >= 4) {
                assertEquals(-1f, y[2]);
                assertEquals(-1f, y[3]);
            }
            System.out.println("VectorTanh: worst relative error " + worst + " on [-50, 50]");
        }
    }
}
