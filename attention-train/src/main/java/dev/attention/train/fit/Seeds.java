package dev.attention.train.fit;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Independent, reproducible random streams of a fit (shuffling, validation split, initialisation),
 * each seeded from a SplitMix64 mix of the fit's seed and the stream's name, so adding draws to one
 * stream never shifts another.
 */
final class Seeds {
    private Seeds() {
    }

    static Random stream(long seed, String name) {
        long h = seed;
        for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ c);
        }
        return new Random(mix(h));
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fisher–Yates shuffle of {@code a} in place. */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
