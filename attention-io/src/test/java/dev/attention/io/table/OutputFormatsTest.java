package dev.attention.io.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFormatsTest {
    @TempDir
    Path dir;

    /** A third format, as a user would add one: tab-separated values, one file per table. */
    private static final class TsvFormat implements OutputFormat {
        @Override
        public String id() {
            return "tsv";
        }

        @Override
        public String description() {
            return "one <name>.tsv per table";
        }

        @Override
        public List<String> files(List<String> tables) {
            return tables.stream().map(t -> t + ".tsv").toList();
        }

        @Override
        public Map<String, AtomicFiles.Content> contents(String title, Map<String, RowSource> tables,
                Map<String, List<String>> columnNames) {
            Map<String, AtomicFiles.Content> out = new LinkedHashMap<>();
            tables.forEach((name, t) -> out.put(name + ".tsv", w -> {
                int[] s = t.shape();
                double[] row = new double[s[1]];
                for (int i = 0; i < s[0]; i++) {
                    t.rows(0, i, 1, row);
                    StringBuilder line = new StringBuilder();
                    for (double v : row) {
                        line.append(line.length() == 0 ? "" : "\t").append(v);
                    }
                    w.write(line.append('\n').toString());
                }
            }));
            return out;
        }
    }

    @Test
    void the_built_in_formats_are_csv_json_npy_and_safetensors() {
        OutputFormats f = OutputFormats.builtIn();
        assertEquals(List.of("csv", "json", "npy", "safetensors"), f.ids());
        assertEquals("csv", f.defaultFormat().id());
        assertEquals(List.of("output.csv", "weights.csv"), f.get("csv").files(List.of("output", "weights")));
        assertEquals(List.of("result.json"), f.get("json").files(List.of("output", "weights")));
        assertEquals(List.of("output.npy", "weights.npy"), f.get("npy").files(List.of("output", "weights")));
        assertEquals(List.of("result.safetensors"), f.get("safetensors").files(List.of("output", "weights")));
        assertTrue(new ResultWriter(f).writesInChunks("csv"));
        assertTrue(!new ResultWriter(f).writesInChunks("json"));
    }

    @Test
    void an_unknown_id_lists_the_known_ones_and_the_nearest() {
        ConfigException e = assertThrows(ConfigException.class, () -> OutputFormats.builtIn().get("jsn"));
        assertTrue(e.getMessage().contains("unknown format 'jsn'"), e.getMessage());
        assertEquals("did you mean 'json'? use csv, json, npy or safetensors", OutputFormats.builtIn().fix("jsn"));
        assertEquals("did you mean 'npy'? use csv, json, npy or safetensors", OutputFormats.builtIn().fix("npz"));
        assertEquals("use csv, json, npy or safetensors", OutputFormats.builtIn().fix("parquet"));
        assertTrue(e.getMessage().contains("did you mean 'json'? use csv, json, npy or safetensors"), e.getMessage());
    }

    @Test
    void two_formats_with_one_id_name_both_classes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputFormats.of(List.of(new CsvFormat(), new TsvFormat(), new CsvFormat())));
        assertTrue(e.getMessage().contains("'csv'") && e.getMessage().contains(CsvFormat.class.getName()),
                e.getMessage());
    }

    @Test
    void a_new_format_is_one_class_and_one_registration() throws IOException {
        OutputFormats formats = OutputFormats.of(List.of(new CsvFormat(), new JsonFormat(), new TsvFormat()));
        Tensor out = Tensor.of(DType.FLOAT64, new int[] {2, 2}, 1.5, 2, 3, 4.25);
        List<Path> files = new ResultWriter(formats).write("t", AttentionResult.of(Map.of("output", out)),
                List.of("output"), Map.of(), dir.resolve("out"), "tsv");
        assertEquals(List.of(dir.resolve("out").resolve("output.tsv")), files);
        assertEquals("1.5\t2.0\n3.0\t4.25\n", Files.readString(dir.resolve("out").resolve("output.tsv")));
    }
}
