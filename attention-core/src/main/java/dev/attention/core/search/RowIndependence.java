package dev.attention.core.search;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.Optional;

/**
 * Folds of query rows are only sound when each output row depends on its own query row alone: a
 * window around the query's position ({@code local-m}) would see other keys once the rows are
 * split. Probes by answering every second query in reverse order and comparing with the full run.
 */
final class RowIndependence {
    private RowIndependence() {
    }

    /** Why {@code pipeline} cannot be cross-validated by query rows, or empty when it can. */
    static Optional<String> problem(Pipeline pipeline, AttentionInputs inputs) {
        Tensor q = inputs.tensor(Folds.QUERIES);
        int n = q.rows();
        if (n < 2) {
            return Optional.empty();
        }
        int[] probe = new int[(n + 1) / 2];
        for (int k = 0; k < probe.length; k++) {
            probe[k] = 2 * (probe.length - 1 - k);
        }
        Tensor all = pipeline.run(inputs).output();
        Tensor some = pipeline.run(inputs.with(Folds.QUERIES, Subsets.rows(q, probe))).output();
        double tolerance = pipeline.dtype() == DType.FLOAT32 ? 1e-5 : 1e-9;
        for (int k = 0; k < probe.length; k++) {
            for (int c = 0; c < all.cols(); c++) {
                double expected = all.get(probe[k], c);
                if (!(Math.abs(expected - some.get(k, c)) <= tolerance * (1 + Math.abs(expected)))) {
                    return Optional.of("its output rows depend on the query's position or on other queries, so"
                            + " query rows cannot be split into folds (batch the data with 'group:' to search it)");
                }
            }
        }
        return Optional.empty();
    }
}
