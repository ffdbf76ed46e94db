package dev.attention.variants;

/**
 * A counter-based random number: a pure function of a seed and a position, so a draw never
 * depends on how many draws came before it, on call order or on threads. Each coordinate is mixed
 * in with SplitMix64's finaliser (Steele, Lea and Flood 2014), whose output passes BigCrush.
 */
final class CounterRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private CounterRandom() {
    }

    /** A uniform double in {@code [0, 1)} for {@code seed} at the given coordinates. */
    static double uniform(long seed, long... coordinates) {
        long z = mix(seed);
        for (long c : coordinates) {
            z = mix(z + GOLDEN * (c + 1));
        }
        // The top 53 bits, scaled: every double in [0, 1) with a 2^-53 spacing.
        return (z >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
