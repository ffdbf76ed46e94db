package dev.attention.core.data;

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
        int rows = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        boolean batched = shape.length > 2;
        StringBuilder head = new StringBuilder(batched ? "batch,query" : "query");
        for (int j = 0; j < width; j++) {
            head.append(',');
            if (cols.size() == width) {
                head.append(cols.get(j));
            } else {
                head.append(name.equals(AttentionResult.WEIGHTS) ? "key_" : name + "_").append(j);
            }
        }
        w.write(head.append('\n').toString());
        int block = blockRows(rows, width);
        double[] buf = new double[block * width];
        StringBuilder line = new StringBuilder();
        for (int b = 0; b < batchSize(shape); b++) {
            for (int i0 = 0; i0 < rows; i0 += block) {
                int count = Math.min(block, rows - i0);
                t.rows(b, i0, count, buf);
                for (int r = 0; r < count; r++) {
                    line.setLength(0);
                    if (batched) {
                        line.append(b).append(',');
                    }
                    line.append(i0 + r);
                    for (int j = 0; j < width; j++) {
                        line.append(',').append(format(t.dtype(), buf[r * width + j]));
                    }
                    w.write(line.append('\n').toString());
                }
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
