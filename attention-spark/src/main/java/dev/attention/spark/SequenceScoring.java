package dev.attention.spark;

import dev.attention.api.DataException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition of sequences (one per row) in padded batches through the executor's shared
 * pipeline, appending each sequence's output rows (and prediction, with a stored head).
 */
final class SequenceScoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SequencePlan> plan;

    SequenceScoring(Broadcast<SequencePlan> plan) {
        this.plan = plan;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        SequencePlan sp = plan.value();
        SequencePlan.Prepared prepared = PipelineCache.get(sp.key(), () -> sp.prepare(PipelineCache.engine()));
        TaskContext task = TaskContext.get();
        String partition = task == null ? "partition ?" : "partition " + task.partitionId();
        return new BatchedRows(input) {
            private final List<Row> batch = new ArrayList<>();
            private final List<double[][]> sequences = new ArrayList<>();
            private long seen;

            @Override
            void fill() {
                batch.clear();
                sequences.clear();
                while (batch.size() < sp.batchSequences() && input.hasNext()) {
                    Row r = input.next();
                    batch.add(r);
                    sequences.add(read(r, sp, partition + ", row " + (++seen)));
                }
                SequencePlan.Scored s = SequencePlan.run(prepared, sequences);
                int longest = SequencePlan.longest(sequences);
                for (int b = 0; b < batch.size(); b++) {
                    Row row = batch.get(b);
                    int len = sequences.get(b).length;
                    Object[] values = new Object[row.length() + (s.prediction().isPresent() ? 2 : 1)];
                    for (int j = 0; j < row.length(); j++) {
                        values[j] = row.get(j);
                    }
                    values[row.length()] = SequencePlan.rows(s.output(), b, len, longest);
                    if (s.prediction().isPresent()) {
                        values[row.length() + 1] = SequencePlan.rows(s.prediction().get(), b, len, longest);
                    }
                    ready.add(RowFactory.create(values));
                }
            }
        };
    }

    /** One row's sequence: a non-empty list of equally wide rows of finite numbers. */
    static double[][] read(Row r, SequencePlan sp, String where) {
        if (r.isNullAt(sp.field())) {
            throw new DataException("the sequences", 0, sp.column(), where + ": null sequence");
        }
        List<Object> rows = r.getList(sp.field());
        if (rows.isEmpty()) {
            throw new DataException("the sequences", 0, sp.column(), where + ": empty sequence; give it at least one row");
        }
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            List<?> cells = Cells.list(rows.get(i));
            if (cells == null || cells.size() != sp.width()) {
                throw new DataException("the sequences", 0, sp.column(), where + ", sequence row " + i + ": has "
                        + (cells == null ? "no" : cells.size()) + " values, the first sequences have " + sp.width()
                        + "; every row needs the same width");
            }
            out[i] = new double[sp.width()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = QueryColumns.finite((Number) cells.get(j), sp.column() + "[" + i + "][" + j + "]", where);
            }
        }
        return out;
    }
}
