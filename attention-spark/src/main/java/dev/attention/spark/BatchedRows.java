package dev.attention.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The rows of a partition scored a batch at a time: when the rows ready so far run out, the next
 * batch is read from {@code input} and scored by {@link #fill}. A partition is never held whole.
 */
abstract class BatchedRows implements Iterator<Row> {
    /** Scored rows waiting to be returned. */
    final ArrayDeque<Row> ready = new ArrayDeque<>();
    /** The partition's rows, read as {@link #fill} needs them. */
    final Iterator<Row> input;

    BatchedRows(Iterator<Row> input) {
        this.input = input;
    }

    /** Reads the next batch from {@link #input} (it has at least one row) and adds its scored rows to {@link #ready}. */
    abstract void fill();

    @Override
    public boolean hasNext() {
        if (ready.isEmpty() && input.hasNext()) {
            fill();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }
}
