package dev.attention.io.table;

import dev.attention.io.tensor.Safetensors;
import dev.attention.io.tensor.TensorLayout;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code safetensors}: one {@value #FILE} holding every table as a named tensor ({@code output},
 * {@code weights}, …) in its dtype (F32, F64) and whole shape, with the result's name as
 * {@code __metadata__["name"]}. Laid out as {@link Safetensors#write} lays out a file (tensors in
 * name order); the header needs only shapes, so each table is streamed after it block by block.
 */
final class SafetensorsOutputFormat implements OutputFormat {
    static final String FILE = "result" + Safetensors.EXTENSION;

    @Override
    public String id() {
        return "safetensors";
    }

    @Override
    public String description() {
        return "one result.safetensors holding every result tensor by name, its dtype and shape kept";
    }

    @Override
    public List<String> files(List<String> tables) {
        return List.of(FILE);
    }

    @Override
    public Map<String, AtomicFiles.Bytes> byteContents(String title, Map<String, RowSource> tables,
            Map<String, List<String>> columnNames) {
        TreeMap<String, TensorLayout> layouts = new TreeMap<>();
        tables.forEach((name, t) -> layouts.put(name, new TensorLayout(t.dtype(), t.shape())));
        byte[] header = Safetensors.header(layouts, Map.of("name", title));
        return Map.of(FILE, out -> {
            out.write(header);
            for (String name : layouts.keySet()) {
                LittleEndianRows.write(tables.get(name), out);
            }
        });
    }
}
