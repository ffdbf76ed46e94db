package dev.attention.spark;

import java.util.List;

/**
 * How {@link AttentionSpark#score} reads queries and what it adds to each row.
 *
 * @param queryColumns     the numeric columns that make up a query, or one {@code array<double>}
 *                         column; empty: the config's {@code inputs.queries.columns}, else every
 *                         numeric column
 * @param topK             also add the k largest weights per query ({@value AttentionSpark#TOPK_INDEX},
 *                         {@value AttentionSpark#TOPK_WEIGHT}); 0 for none, which lets the fused
 *                         kernel skip the weights
 * @param predictionColumn the name of the added {@code array<double>} column
 * @param batchRows        queries run through the pipeline together; results do not depend on it
 */
public record ScoreOptions(List<String> queryColumns, int topK, String predictionColumn, int batchRows) {
    public ScoreOptions {
        queryColumns = List.copyOf(queryColumns);
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be ≥ 0, got " + topK);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be ≥ 1, got " + batchRows);
        }
    }

    /** Query columns from the config, no top-k, column {@code prediction}, 4096 rows per batch. */
    public static ScoreOptions defaults() {
        return new ScoreOptions(List.of(), 0, AttentionSpark.PREDICTION, 4096);
    }

    public ScoreOptions withQueryColumns(String... columns) {
        return new ScoreOptions(List.of(columns), topK, predictionColumn, batchRows);
    }

    public ScoreOptions withTopK(int k) {
        return new ScoreOptions(queryColumns, k, predictionColumn, batchRows);
    }

    public ScoreOptions withPredictionColumn(String name) {
        return new ScoreOptions(queryColumns, topK, name, batchRows);
    }

    public ScoreOptions withBatchRows(int rows) {
        return new ScoreOptions(queryColumns, topK, predictionColumn, rows);
    }
}
