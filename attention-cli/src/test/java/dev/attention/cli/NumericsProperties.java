package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.cli.Combinations.Combo;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Every buildable variant × alignment × distribution, in float64, on extreme inputs (±1e4, 1e-30,
 * zeros, duplicate keys, one key, a batch element with every key masked): the run returns finite
 * tensors or throws an {@link AttentionException} with a message, never NaN and never another
 * exception; weights lie in [0, 1], rows sum to 1 where the combination normalises, and fully
 * masked rows are zero.
 */
class NumericsProperties {
    /** Values that break naive exp/divide code: overflow, underflow, exact zeros, signs. */
    private static final double[] EXTREMES = {1e4, -1e4, 1e-30, -1e-30, 0.0, 1.0, -1.0, 0.5};

    /**
     * Variants whose weights are the distribution's own row (masked or renormalised), so a row with
     * a real key sums to 1. local-p damps weights by a Gaussian (documented to sum below 1).
     */
    private static final Set<String> NORMALISING_VARIANTS = Set.of("global", "self", "cross", "pooling", "hard",
            "area", "local-m");

    @Example
    void most_combinations_build() {
        // Only combinations whose plugins cannot be built without more configuration may be skipped.
        System.out.println("numerics: " + Combinations.BUILT.size() + " of " + Combinations.TOTAL
                + " combinations built; refused: " + Combinations.REFUSED);
        assertTrue(Combinations.BUILT.size() >= Combinations.TOTAL * 9 / 10,
                () -> "refused: " + Combinations.REFUSED);
    }

    @Provide
    Arbitrary<Combo> combos() {
        return Arbitraries.of(Combinations.BUILT);
    }

    @Provide
    Arbitrary<double[]> extremes() {
        return Arbitraries.of(java.util.Arrays.stream(EXTREMES).boxed().toList()).array(double[].class).ofSize(2 * 6 * Combinations.WIDTH);
    }

    @Property(tries = 1500)
    void extreme_inputs_give_finite_results_or_a_clear_error(@ForAll("combos") Combo c,
            @ForAll("extremes") double[] q, @ForAll("extremes") double[] k, @ForAll("extremes") double[] v,
            @ForAll @IntRange(min = 1, max = 6) int n, @ForAll @IntRange(min = 1, max = 6) int m,
            @ForAll boolean duplicateKeys, @ForAll boolean maskSecond) {
        int w = Combinations.WIDTH;
        double[] keys = slice(k, 2 * m * w);
        if (duplicateKeys) {
            // Every key equal to the first: ties everywhere.
            for (int i = 0; i < keys.length; i++) {
                keys[i] = keys[i % w];
            }
        }
        int rowsQ = c.takesSequence() ? m : n;
        AttentionInputs in = Combinations.inputs(c, slice(q, 2 * n * w), keys, slice(v, 2 * m * w), n, m,
                maskSecond ? 0 : m);
        AttentionResult r;
        try {
            r = c.f64().run(in);
        } catch (AttentionException e) {
            Statistics.label("outcome").collect("refused");
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message: " + c);
            assertFalse(e.getMessage().contains("NaN"), () -> c + ": " + e.getMessage());
            return;
        }
        // Any other exception propagates and fails the property: it is not a clear error.
        Statistics.label("outcome").collect("ran");
        for (var e : r.asMap().entrySet()) {
            assertTrue(e.getValue().isFinite(), () -> c + ": non-finite " + e.getKey());
        }
        Tensor weights = r.weights().orElse(null);
        if (weights == null) {
            return;
        }
        if (weights.rank() != 3) {
            // Per-head [b, heads, n, m] or per-feature [b, n, m, d] weights: the row checks below
            // index [b, n, m]; here only the range holds for every element.
            for (int t = 0; t < weights.size(); t++) {
                double x = weights.at(t);
                assertTrue(x >= 0 && x <= 1 + 1e-12, () -> c + ": weight " + x);
            }
            return;
        }
        for (int b = 0; b < weights.batchSize(); b++) {
            boolean masked = b == 1 && maskSecond;
            for (int i = 0; i < weights.rows(); i++) {
                double sum = 0;
                for (int j = 0; j < weights.cols(); j++) {
                    double x = weights.get(b, i, j);
                    int bb = b;
                    int ii = i;
                    int jj = j;
                    assertTrue(x >= 0 && x <= 1 + 1e-12, () -> c + ": weight " + x + " at " + bb + "," + ii + "," + jj);
                    if (masked) {
                        assertEquals(0.0, x, () -> c + ": fully masked row " + ii + " has weight at key " + jj);
                    }
                    sum += x;
                }
                // local-m (default window 2) leaves a query with no real key within 2 positions all zero.
                boolean emptyWindow = c.variant().equals("local-m") && i > m - 1 + 2;
                if (!masked && !emptyWindow && i < rowsQ && NORMALISING_VARIANTS.contains(c.variant())
                        && normalises(c)) {
                    double s = sum;
                    String row = b + "," + i;
                    assertEquals(1.0, s, 1e-9, () -> c + ": row " + row + " sums to " + s);
                }
            }
        }
        if (maskSecond && !c.takesGraph()) {
            Tensor out = r.output();
            for (int i = 0; i < out.rows(); i++) {
                for (int j = 0; j < out.cols(); j++) {
                    assertEquals(0.0, out.get(1, i, j), () -> c + ": output of a fully masked row");
                }
            }
        }
    }

    /** sigmoid with normalize: false gives independent gates; every other shipped distribution normalises. */
    private static boolean normalises(Combo c) {
        return !c.distribution().equals("sigmoid") || !c.f64().describe().contains("normalize: false");
    }

    private static double[] slice(double[] a, int length) {
        double[] out = new double[length];
        System.arraycopy(a, 0, out, 0, length);
        return out;
    }
}
