package dev.attention.spark;

import dev.attention.api.AttentionException;
import dev.attention.api.Tensor;
import java.util.function.Function;

/**
 * Spark splits work at row boundaries, so a row's result must not depend on which other rows share
 * its batch or where it sits in it. Variants that do (a window around the query's position, causal
 * masks, noise hashed from positions) would silently give other numbers than the single-machine run;
 * this runs a few real rows in order and reversed on the driver and refuses such pipelines up front.
 */
final class Independence {
    /** Agreement allowed between the two orders; the engine's paths agree exactly in practice. */
    private static final double TOLERANCE = 1e-12;

    private Independence() {
    }

    /**
     * Checks that {@code run}, given items in order and reversed, returns for item b the same rows
     * either way.
     *
     * @param run    item order (indices into the sample) → one result row block per item
     * @param items  how many sample items there are (fewer than 2 proves nothing and passes)
     * @param what   "queries" or "sequences", for the message
     */
    static void check(Function<int[], Tensor[]> run, int items, String describe, String what) {
        if (items < 2) {
            return;
        }
        int[] forward = new int[items];
        int[] reversed = new int[items];
        for (int b = 0; b < items; b++) {
            forward[b] = b;
            reversed[b] = items - 1 - b;
        }
        Tensor[] a = run.apply(forward);
        Tensor[] r = run.apply(reversed);
        for (int b = 0; b < items; b++) {
            Tensor x = a[b];
            Tensor y = r[items - 1 - b];
            for (int k = 0; k < x.size(); k++) {
                double u = x.at(k);
                double v = y.at(k);
                if (Math.abs(u - v) > TOLERANCE * (1 + Math.abs(u))) {
                    throw new AttentionException("pipeline " + describe + " gives " + what + " different results "
                            + "depending on their order in a batch (entry " + b + ": " + u + " vs " + v
                            + "), so Spark cannot score them one partition at a time; run it on one machine with "
                            + "'attention run'" + (what.equals("queries")
                                    ? ", or give each row a whole sequence and use scoreSequences" : ""));
                }
            }
        }
    }
}
