package dev.attention.train.fit;

/** Argument checks shared by the option types; messages use the configuration's key names. */
final class Checks {
    private Checks() {
    }

    static void positive(String key, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, got " + v);
        }
    }

    static void atLeast(String key, double v, double min) {
        if (!(v >= min) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(key + " must be a finite number ≥ " + min + ", got " + v);
        }
    }

    /** {@code min ≤ v < max}. */
    static void inRange(String key, double v, double min, double max) {
        if (!(v >= min && v < max)) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "), got " + v);
        }
    }
}
