package dev.attention.spark;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: its rows are read in batches of {@code batchRows} queries, each batch runs
 * through the executor's shared pipeline (the fused kernel when it matches), and each row comes out
 * with its prediction (and top-k weights) appended. Rows stream through; a partition is never held
 * whole.
 */
final class QueryScoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<QueryPlan> plan;

    QueryScoring(Broadcast<QueryPlan> plan) {
        this.plan = plan;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        QueryPlan qp = plan.value();
        QueryPlan.Prepared prepared = PipelineCache.get(qp.key(), () -> qp.prepare(PipelineCache.engine()));
        TaskContext task = TaskContext.get();
        String partition = task == null ? "partition ?" : "partition " + task.partitionId();
        return new BatchedRows(input) {
            private final Row[] batch = new Row[qp.batchRows()];
            private final double[][] queries = new double[qp.batchRows()][qp.columns().width()];
            private long seen;

            @Override
            void fill() {
                int n = 0;
                while (n < batch.length && input.hasNext()) {
                    batch[n] = input.next();
                    qp.columns().read(batch[n], queries[n], partition + ", row " + (seen + n + 1));
                    n++;
                }
                seen += n;
                AttentionResult r = QueryPlan.run(prepared, queries, n);
                Tensor out = r.output();
                Tensor weights = qp.topK() > 0 ? r.weights().orElseThrow() : null;
                for (int i = 0; i < n; i++) {
                    ready.add(append(batch[i], out, weights, i, qp.topK()));
                    batch[i] = null;
                }
            }
        };
    }

    private static Row append(Row row, Tensor out, Tensor weights, int i, int k) {
        int width = row.length();
        Object[] values = new Object[width + (k > 0 ? 3 : 1)];
        for (int j = 0; j < width; j++) {
            values[j] = row.get(j);
        }
        double[] prediction = new double[out.cols()];
        for (int j = 0; j < prediction.length; j++) {
            prediction[j] = out.get(i, j);
        }
        values[width] = prediction;
        if (k > 0) {
            TopK top = TopK.of(weights, i, k);
            values[width + 1] = top.index;
            values[width + 2] = top.weight;
        }
        return RowFactory.create(values);
    }
}
