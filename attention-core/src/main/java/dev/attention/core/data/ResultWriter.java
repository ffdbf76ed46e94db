package dev.attention.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
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

    /**
     * @param names        which result tensors to write, in order
     * @param columnNames  optional column names per tensor
     * @return the files written
     */
    public List<Path> write(String title, AttentionResult result, List<String> names, Map<String, List<String>> columnNames,
            Path dir, String format) {
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        if (format.equals("json")) {
            files.put("result.json", w -> json(w, title, result, names));
        } else {
            for (String name : names) {
                Tensor t = result.get(name);
                List<String> cols = columnNames.getOrDefault(name, List.of());
                files.put(name + ".csv", w -> csv(w, t, name, cols));
            }
        }
        try {
            return AtomicFiles.write(dir, files);
        } catch (IOException e) {
            throw new AttentionException("cannot write results to " + dir + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    private static void csv(Writer w, Tensor t, String name, List<String> cols) throws IOException {
        boolean batched = t.rank() > 2;
        StringBuilder head = new StringBuilder(batched ? "batch,query" : "query");
        for (int j = 0; j < t.cols(); j++) {
            head.append(',');
            if (cols.size() == t.cols()) {
                head.append(cols.get(j));
            } else {
                head.append(name.equals(AttentionResult.WEIGHTS) ? "key_" : name + "_").append(j);
            }
        }
        w.write(head.append('\n').toString());
        StringBuilder line = new StringBuilder();
        for (int b = 0; b < t.batchSize(); b++) {
            for (int i = 0; i < t.rows(); i++) {
                line.setLength(0);
                if (batched) {
                    line.append(b).append(',');
                }
                line.append(i);
                for (int j = 0; j < t.cols(); j++) {
                    line.append(',').append(format(t.dtype(), t.get(b, i, j)));
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    private static void json(Writer w, String title, AttentionResult r, List<String> names) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", title);
            for (String name : names) {
                Tensor t = r.get(name);
                g.writeObjectFieldStart(name);
                g.writeStringField("dtype", t.dtype().id());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeFieldName("data");
                nested(g, t, 0, 0);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    /** Writes dimension {@code axis} starting at flat offset {@code offset} as nested arrays. */
    private static int nested(JsonGenerator g, Tensor t, int axis, int offset) throws IOException {
        int[] shape = t.shape();
        g.writeStartArray();
        int k = offset;
        for (int i = 0; i < shape[axis]; i++) {
            if (axis == shape.length - 1) {
                if (t.dtype() == DType.FLOAT32) {
                    g.writeNumber((float) t.at(k++));
                } else {
                    g.writeNumber(t.at(k++));
                }
            } else {
                k = nested(g, t, axis + 1, k);
            }
        }
        g.writeEndArray();
        return k;
    }

    static String format(DType dtype, double v) {
        return dtype == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }
}
