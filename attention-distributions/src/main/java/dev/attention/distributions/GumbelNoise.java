package dev.attention.distributions;

/**
 * Frozen Gumbel noise: a pure function of the seed and the position {@code (batch, query, key)}, so
 * the same call always sees the same noise (finite differences and bit-identical reruns need that)
 * and no state is shared between threads. The position enters through its coordinates rather than
 * a flat index, so the noise of a position does not depend on the tensor's shape.
 *
 * <p>With {@code mix} the SplitMix64 finaliser and {@code γ = 0x9E3779B97F4A7C15}:
 * {@code h = mix(seed + γ)}, then {@code h = mix(h + c + γ)} for c = batch, query, key in turn
 * (64-bit wrap-around arithmetic); {@code u = ((h >>> 12) + ½) · 2^−52}, which lies in
 * {@code [2^−53, 1 − 2^−53]}, never 0 or 1; the noise is {@code −log(−log u)}, within about ±36.7.
 */
final class GumbelNoise {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private GumbelNoise() {
    }

    /** The Gumbel(0, 1) sample at {@code (batch, query, key)} for {@code seed}. */
    static double at(long seed, int batch, int query, int key) {
        long h = mix(seed + GAMMA);
        h = mix(h + batch + GAMMA);
        h = mix(h + query + GAMMA);
        h = mix(h + key + GAMMA);
        return gumbel(h);
    }

    /** {@code −log(−log u)} with u built from the top 52 bits of {@code bits}, strictly inside (0, 1). */
    static double gumbel(long bits) {
        double u = ((bits >>> 12) + 0.5) * 0x1.0p-52;
        return -Math.log(-Math.log(u));
    }

    /** SplitMix64's output function (Steele, Lea &amp; Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
