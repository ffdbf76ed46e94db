package dev.attention.io.table;

import dev.attention.io.tensor.Npy;
import dev.attention.io.tensor.TensorLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code npy}: one {@code <name>.npy} per table, as {@code numpy.save} writes it: '<f4' for float32,
 * '<f8' for float64, the table's whole shape (batch dimensions first, e.g. weights {@code [b, n, m]}).
 * The header knows the shape up front, so the rows are streamed after it block by block. Column
 * names are not stored (an array has none).
 */
final class NpyOutputFormat implements OutputFormat {
    @Override
    public String id() {
        return "npy";
    }

    @Override
    public String description() {
        return "one <name>.npy per result tensor, its dtype and shape kept (numpy.load reads it)";
    }

    @Override
    public List<String> files(List<String> tables) {
        return tables.stream().map(NpyOutputFormat::file).toList();
    }

    private static String file(String table) {
        return table + Npy.EXTENSION;
    }

    @Override
    public Map<String, AtomicFiles.Bytes> byteContents(String title, Map<String, RowSource> tables,
            Map<String, List<String>> columnNames) {
        Map<String, AtomicFiles.Bytes> files = new LinkedHashMap<>();
        tables.forEach((name, t) -> files.put(file(name), out -> {
            out.write(Npy.header(new TensorLayout(t.dtype(), t.shape())));
            LittleEndianRows.write(t, out);
        }));
        return files;
    }
}
