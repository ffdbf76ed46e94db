package dev.attention.api.kernel;

/**
 * A counter-based random number: a pure function of a seed and coordinates, so a draw never
 * depends on how many draws came before it, on call order or on threads. Kernels and plugins that
 * drop attention weights use it, so every implementation drops the same ones. Each coordinate is
 * mixed in with SplitMix64's finaliser (Steele, Lea and Flood 2014), whose output passes BigCrush.
 */
public final class CounterRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private CounterRandom() {
    }

    /** A uniform double in {@code [0, 1)} for {@code seed} at the given coordinates. */
    public static double uniform(long seed, long... coordinates) {
        long z = mix(seed);
        for (long c : coordinates) {
            z = mix(z + GOLDEN * (c + 1));
        }
        return unit(z);
    }

    /** {@link #uniform(long, long...)} for five coordinates, without an array. */
    public static double uniform(long seed, long c0, long c1, long c2, long c3, long c4) {
        long z = mix(seed);
        z = mix(z + GOLDEN * (c0 + 1));
        z = mix(z + GOLDEN * (c1 + 1));
        z = mix(z + GOLDEN * (c2 + 1));
        z = mix(z + GOLDEN * (c3 + 1));
        z = mix(z + GOLDEN * (c4 + 1));
        return unit(z);
    }

    /** The top 53 bits, scaled: every double in [0, 1) with a 2^-53 spacing. */
    private static double unit(long z) {
        return (z >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
