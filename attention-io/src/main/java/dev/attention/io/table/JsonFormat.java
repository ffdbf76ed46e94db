package dev.attention.io.table;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.attention.api.DType;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * {@code json}: one file, {@code result.json}: {@code {"name": …, "<table>": {"dtype", "shape",
 * "data"}}} with the data as nested arrays over the batch axes, one array per row.
 */
final class JsonFormat implements OutputFormat {
    static final String FILE = "result.json";
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String id() {
        return "json";
    }

    @Override
    public String description() {
        return "one result.json holding every result tensor with its dtype and shape";
    }

    @Override
    public List<String> files(List<String> tables) {
        return List.of(FILE);
    }

    @Override
    public Map<String, AtomicFiles.Content> contents(String title, Map<String, RowSource> tables,
            Map<String, List<String>> columnNames) {
        return Map.of(FILE, w -> json(w, title, tables));
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
        int block = CsvFormat.blockRows(rows, width);
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

}
