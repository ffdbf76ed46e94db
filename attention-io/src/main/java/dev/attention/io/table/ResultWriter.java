package dev.attention.io.table;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a result's tensors to a folder as CSV (one file per tensor) or JSON (one file), all or
 * nothing. Numbers are written in the shortest form that reads back to the same float32/float64.
 *
 * <p>CSV layout: a row per query, {@code query} index first (after {@code batch} when the tensor
 * has batch dimensions), then one column per feature (named after the values' columns when known)
 * or per key ({@code key_0, key_1, …}) for weights.
 */
public final class ResultWriter {
    private static final JsonFactory JSON = new JsonFactory();

    /** Rows read per block: about a million numbers in memory, whatever the width. */
    private static final int BLOCK_ENTRIES = 1 << 20;

    /**
     * @param names        which result tensors to write, in order
     * @param columnNames  optional column names per tensor
     * @return the files written
     */
    public List<Path> write(String title, AttentionResult result, List<String> names, Map<String, List<String>> columnNames,
            Path dir, String format) {
        Map<String, RowSource> sources = new LinkedHashMap<>();
        for (String name : names) {
            sources.put(name, RowSource.of(result.get(name)));
        }
        return write(title, sources, columnNames, dir, format);
    }

    /**
     * Writes named tables read block by block, in map order, all or nothing: a table computed on
     * demand is streamed into its temporary file and never held whole.
     *
     * @return the files written
     */
    public List<Path> write(String title, Map<String, RowSource> tables, Map<String, List<String>> columnNames,
            Path dir, String format) {
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        if (format.equals("json")) {
            files.put("result.json", w -> json(w, title, tables));
        } else {
            tables.forEach((name, t) -> {
                List<String> cols = columnNames.getOrDefault(name, List.of());
                files.put(name + ".csv", w -> csv(w, t, name, cols));
            });
        }
        try {
            return AtomicFiles.write(dir, files);
        } catch (IOException e) {
            throw new AttentionException("cannot write results to " + dir + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    /** Takes the rows of each table as they are computed; see {@link #writeInChunks}. */
    @FunctionalInterface
    public interface RowSink {
        /** Appends the rows of an unbatched {@code [rows, cols]} table to table {@code name}. */
        void append(String name, RowSource rows) throws IOException;
    }

    /** Computes the tables chunk by chunk, appending each chunk's rows to the sink. */
    @FunctionalInterface
    public interface Chunks {
        void produce(RowSink sink) throws IOException;
    }

    /**
     * Writes unbatched tables whose rows arrive in chunks (a run over a file of queries read a chunk at
     * a time) as CSV, one file per name, all or nothing like {@link #write}: each file is appended to
     * as the chunks come and renamed into place when {@code chunks} returns. Rows are numbered on
     * across chunks, so the files equal those of a run in one piece.
     *
     * @return the files written
     */
    public List<Path> writeInChunks(List<String> names, Map<String, List<String>> columnNames, Path dir,
            Chunks chunks) {
        List<String> files = names.stream().map(n -> n + ".csv").toList();
        try {
            return AtomicFiles.writeTogether(dir, files, writers -> {
                Map<String, Long> written = new LinkedHashMap<>();
                chunks.produce((name, rows) -> {
                    Writer w = writers.get(name + ".csv");
                    if (w == null || rows.shape().length != 2) {
                        throw new IllegalArgumentException("table '" + name + "' is not one of " + names
                                + " or is batched: " + java.util.Arrays.toString(rows.shape()));
                    }
                    Long first = written.get(name);
                    if (first == null) {
                        w.write(csvHeader(rows.shape(), name, columnNames.getOrDefault(name, List.of())));
                        first = 0L;
                    }
                    csvRows(w, rows, 0, false, first);
                    written.put(name, first + rows.shape()[0]);
                });
            });
        } catch (IOException e) {
            throw new AttentionException("cannot write results to " + dir + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    private static int blockRows(int rows, int cols) {
        return Math.max(1, Math.min(rows, BLOCK_ENTRIES / Math.max(1, cols)));
    }

    private static int batchSize(int[] shape) {
        int n = 1;
        for (int k = 0; k < shape.length - 2; k++) {
            n *= shape[k];
        }
        return n;
    }

    private static void csv(Writer w, RowSource t, String name, List<String> cols) throws IOException {
        int[] shape = t.shape();
        w.write(csvHeader(shape, name, cols));
        for (int b = 0; b < batchSize(shape); b++) {
            csvRows(w, t, b, shape.length > 2, 0);
        }
    }

    private static String csvHeader(int[] shape, String name, List<String> cols) {
        int width = shape[shape.length - 1];
        StringBuilder head = new StringBuilder(shape.length > 2 ? "batch,query" : "query");
        for (int j = 0; j < width; j++) {
            head.append(',');
            if (cols.size() == width) {
                head.append(cols.get(j));
            } else {
                head.append(name.equals(AttentionResult.WEIGHTS) ? "key_" : name + "_").append(j);
            }
        }
        return head.append('\n').toString();
    }

    /**
     * Milliseconds to pause after each CSV row, from {@code -Dattention.io.rowDelayMillis} (default 0).
     * Only the interruption tests set it, so their signal lands while a file is half written
     * whatever the machine's speed.
     */
    private static final long ROW_DELAY_MILLIS = Long.getLong("attention.io.rowDelayMillis", 0);

    private static void pace() throws java.io.InterruptedIOException {
        if (ROW_DELAY_MILLIS > 0) {
            try {
                Thread.sleep(ROW_DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing");
            }
        }
    }

    /** The rows of batch element {@code b}, block by block, numbered from {@code first}. */
    private static void csvRows(Writer w, RowSource t, int b, boolean batched, long first) throws IOException {
        int[] shape = t.shape();
        int rows = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        int block = blockRows(rows, width);
        double[] buf = new double[block * width];
        StringBuilder line = new StringBuilder();
        for (int i0 = 0; i0 < rows; i0 += block) {
            int count = Math.min(block, rows - i0);
            t.rows(b, i0, count, buf);
            for (int r = 0; r < count; r++) {
                line.setLength(0);
                if (batched) {
                    line.append(b).append(',');
                }
                line.append(first + i0 + r);
                for (int j = 0; j < width; j++) {
                    line.append(',').append(format(t.dtype(), buf[r * width + j]));
                }
                w.write(line.append('\n').toString());
                pace();
            }
        }
    }

    private static void json(Writer w, String title, Map<String, RowSource> tables) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", title);
            for (Map.Entry<String, RowSource> e : tables.entrySet()) {
                RowSource t = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("dtype", t.dtype().id());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeFieldName("data");
                nested(g, t, t.shape(), 0, 0);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    /**
     * Writes batch axis {@code axis} from flat batch index {@code batch} on as nested arrays; the
     * last two axes are one matrix, read block by block. Returns the next batch index.
     */
    private static int nested(JsonGenerator g, RowSource t, int[] shape, int axis, int batch) throws IOException {
        if (axis == shape.length - 2) {
            matrix(g, t, shape, batch);
            return batch + 1;
        }
        g.writeStartArray();
        int b = batch;
        for (int i = 0; i < shape[axis]; i++) {
            b = nested(g, t, shape, axis + 1, b);
        }
        g.writeEndArray();
        return b;
    }

    private static void matrix(JsonGenerator g, RowSource t, int[] shape, int batch) throws IOException {
        int rows = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        int block = blockRows(rows, width);
        double[] buf = new double[block * width];
        g.writeStartArray();
        for (int i0 = 0; i0 < rows; i0 += block) {
            int count = Math.min(block, rows - i0);
            t.rows(batch, i0, count, buf);
            for (int r = 0; r < count; r++) {
                g.writeStartArray();
                for (int j = 0; j < width; j++) {
                    if (t.dtype() == DType.FLOAT32) {
                        g.writeNumber((float) buf[r * width + j]);
                    } else {
                        g.writeNumber(buf[r * width + j]);
                    }
                }
                g.writeEndArray();
            }
        }
        g.writeEndArray();
    }

    static String format(DType dtype, double v) {
        return dtype == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }
}
