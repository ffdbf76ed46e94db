package dev.attention.spark;

import dev.attention.api.AttentionException;
import dev.attention.api.Pipeline;

/**
 * Spark splits work at row boundaries, so a row's result must not depend on which other rows share
 * its partition or where it sits in it. Whether it does is the pipeline's declaration
 * ({@code Variant.independence()}, combined over its components; the TCK holds plugins to it):
 * variants that look at positions (a window around the query, causal masks, noise hashed from
 * positions) do not declare it, and are refused on the driver before any task runs.
 */
final class RowSplitting {
    private RowSplitting() {
    }

    /**
     * @param what "queries" (one query per row: independent query rows needed) or "sequences" (one
     *     batch entry per row: independent batch entries needed)
     */
    static void requireSplittable(Pipeline pipeline, String what) {
        boolean queries = what.equals("queries");
        boolean ok = queries ? pipeline.independence().queryRows() : pipeline.independence().batchEntries();
        if (!ok) {
            throw new AttentionException("pipeline " + pipeline.describe() + " does not declare independent "
                    + (queries ? "query rows" : "batch entries") + ": its " + what + " would give different results "
                    + "depending on their order in a batch, so Spark cannot score them one partition at a time; run it"
                    + " on one machine with 'attention run'"
                    + (queries ? ", or give each row a whole sequence and use scoreSequences" : ""));
        }
    }
}
