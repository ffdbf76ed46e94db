package dev.attention.train.search;

import java.nio.charset.StandardCharsets;

/**
 * Seeds derived from the search seed and a name (a candidate's description, {@code "folds"},
 * {@code "sample"}): an FNV-1a hash of the name, finished with a SplitMix64 step together with the
 * seed. Never from time or thread, so results do not depend on how trials are scheduled.
 */
final class TrialSeeds {
    private TrialSeeds() {
    }

    static long of(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return splitMix(seed ^ splitMix(h));
    }

    private static long splitMix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
