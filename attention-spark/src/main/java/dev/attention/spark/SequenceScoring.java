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
            private final List<List<?>> sequences = new ArrayList<>();
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
                SequencePlan.Scored s = SequencePlan.run(prepared, sequences, sp.levels());
                int longest = SequencePlan.longest(sequences);
                for (int b = 0; b < batch.size(); b++) {
                    Row row = batch.get(b);
                    int len = sequences.get(b).size();
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

    /**
     * One row's sequence: a non-empty list of equally wide rows of finite numbers, or (nested) a
     * non-empty list of such sequences one level down; as {@link NestedBatch} takes them.
     */
    static List<?> read(Row r, SequencePlan sp, String where) {
        if (r.isNullAt(sp.field())) {
            throw new DataException("the sequences", 0, sp.column(), where + ": null sequence");
        }
        return read(r.getList(sp.field()), sp.levels(), sp, where, sp.column());
    }

    private static List<?> read(List<?> units, int level, SequencePlan sp, String where, String at) {
        if (units == null || units.isEmpty()) {
            throw new DataException("the sequences", 0, sp.column(), where + ": " + at + " is "
                    + (units == null ? "null" : "empty") + "; give every sequence"
                    + (sp.levels() > 1 ? " and every unit in it" : "") + " at least one row");
        }
        List<Object> out = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            String here = at + "[" + i + "]";
            if (level > 1) {
                out.add(read(Cells.list(units.get(i)), level - 1, sp, where, here));
                continue;
            }
            List<?> cells = Cells.list(units.get(i));
            if (cells == null || cells.size() != sp.width()) {
                throw new DataException("the sequences", 0, sp.column(), where + ", row " + here + ": has "
                        + (cells == null ? "no" : cells.size()) + " values, the first sequences have " + sp.width()
                        + "; every row needs the same width");
            }
            double[] row = new double[sp.width()];
            for (int j = 0; j < row.length; j++) {
                row[j] = QueryColumns.finite((Number) cells.get(j), here + "[" + j + "]", where);
            }
            out.add(row);
        }
        return out;
    }
}
