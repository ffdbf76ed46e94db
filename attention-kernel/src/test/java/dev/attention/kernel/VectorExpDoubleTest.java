package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The float64 SIMD path's exponential against {@link Math#exp} (itself within 1 ulp): relative
 * error ≤ 1e-15 on the softmax's whole range [−708, 0], exact 1 at 0, and 0 below the flush point.
 * Runs only where the Vector API is present (the scalar-path run never loads the class under test).
 */
class VectorExpDoubleTest {
    @Test
    void is_within_1e_15_relative_on_the_whole_softmax_range_and_flushes_below_it() {
        if (!VectorSupport.present()) {
            return;
        }
        Probe.check();
    }

    /** Names the Vector API only here, so the outer class loads without the module. */
    private static final class Probe {
        static void check() {
            VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
            int l = s.length();
            double[] x = new double[l];
            double[] y = new double[l];
            double worst = 0;
            Random rnd = new Random(42);
            // Evenly spaced points, points near 0 (where r is largest relative to x) and random ones.
            int count = 2_000_000;
            for (int t = 0; t < count; t += l) {
                for (int u = 0; u < l; u++) {
                    int k = t + u;
                    x[u] = switch (k % 3) {
                        case 0 -> -708.0 * k / count;
                        case 1 -> -Math.scalb(rnd.nextDouble(), -rnd.nextInt(60));
                        default -> VectorExpDouble.LOWEST * rnd.nextDouble();
                    };
                }
                VectorExpDouble.exp(DoubleVector.fromArray(s, x, 0)).intoArray(y, 0);
                for (int u = 0; u < l; u++) {
                    double e = Math.exp(x[u]);
                    worst = Math.max(worst, Math.abs(y[u] - e) / e);
                }
            }
            assertTrue(worst <= 1e-15, "worst relative error " + worst);
            double[] ends = new double[l];
            ends[0] = 0;
            ends[1 % l] = -1000;
            ends[2 % l] = Double.NEGATIVE_INFINITY;
            ends[3 % l] = VectorExpDouble.LOWEST - 1e-9;
            VectorExpDouble.exp(DoubleVector.fromArray(s, ends, 0)).intoArray(y, 0);
            assertEquals(1.0, y[0]);
            for (int u = 1; u < Math.min(4, l); u++) {
                assertEquals(0.0, y[u], "exp(" + ends[u] + ")");
            }
            System.out.println("VectorExpDouble: worst relative error " + worst + " on [-708, 0]");
        }
    }
}
