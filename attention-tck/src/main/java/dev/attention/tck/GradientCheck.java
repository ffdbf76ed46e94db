package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * Central finite differences in float64: compares an analytic gradient with
 * {@code (L(x + h) − L(x − h)) / 2h} element by element, passing when
 * {@code |analytic − numeric| ≤ atol + rtol·|numeric|}.
 */
public final class GradientCheck {
    public static final double STEP = 1e-6;
    public static final double ATOL = 1e-6;
    public static final double RTOL = 1e-4;

    private GradientCheck() {
    }

    /**
     * A random probe {@code R} of the given shape; the scalar loss {@code L = Σ R ⊙ f(x)} has
     * {@code dL/df = R}, which exercises every output element with a distinct weight.
     */
    public static Tensor probe(int[] shape, long seed) {
        return random(shape, seed, -1, 1);
    }

    /** Uniform random float64 tensor in {@code [lo, hi)}. */
    public static Tensor random(int[] shape, long seed, double lo, double hi) {
        Random r = new Random(seed);
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, shape);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        for (int k = 0; k < n; k++) {
            b.set(k, lo + (hi - lo) * r.nextDouble());
        }
        return b.build();
    }

    /** {@code Σ a ⊙ b}. */
    public static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.size(); k++) {
            s += a.at(k) * b.at(k);
        }
        return s;
    }

    /**
     * Checks {@code analytic} against the numeric gradient of {@code loss} at {@code x}.
     *
     * @param what names the input or parameter in failure messages
     */
    public static void check(String what, Tensor x, Function<Tensor, Double> loss, Tensor analytic) {
        if (analytic.size() != x.size()) {
            fail(what + ": gradient has " + analytic.size() + " elements, input has " + x.size());
        }
        double[] v = x.toDoubleArray();
        int[] shape = x.shape();
        for (int k = 0; k < v.length; k++) {
            double orig = v[k];
            v[k] = orig + STEP;
            double up = loss.apply(Tensor.of(DType.FLOAT64, shape, v));
            v[k] = orig - STEP;
            double down = loss.apply(Tensor.of(DType.FLOAT64, shape, v));
            v[k] = orig;
            double numeric = (up - down) / (2 * STEP);
            double a = analytic.at(k);
            if (!(Math.abs(a - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                fail(what + "[" + k + "]: analytic " + a + " vs numeric " + numeric);
            }
        }
    }
}
