package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input exits 1 with exactly one line on stderr that says what and where, no stack trace, no
 * result on stdout, and nothing written to the output folder.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Path out;

    @BeforeEach
    void data() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "x,y\n1,2\n2,4\n3,5\n4,8\n");
        Files.writeString(dir.resolve("test.csv"), "x\n1.5\n2.5\n3.5\n");
        out = dir.resolve("out");
    }

    /** A valid config with the given alignment and distribution, and inputs (keys from keysFile). */
    private static String config(String alignment, String distribution, String keysFile) {
        return "name: t\n"
                + "pipeline:\n"
                + "  variant: global\n"
                + "  alignment: " + alignment + "\n"
                + "  distribution: " + distribution + "\n"
                + "inputs:\n"
                + "  keys:    {file: " + keysFile + ", columns: [x]}\n"
                + "  values:  {file: train.csv, columns: [y]}\n"
                + "  queries: {file: test.csv,  columns: [x]}\n";
    }

    private static String config(String alignment, String distribution) {
        return config(alignment, distribution, "train.csv");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** "line:column" (1-based) of the first occurrence of token, counted here rather than by the loader. */
    private static String at(String text, String token) {
        int k = text.indexOf(token);
        assertTrue(k >= 0, token + " not in config");
        int line = (int) text.substring(0, k).chars().filter(c -> c == '\n').count() + 1;
        int column = k - text.lastIndexOf('\n', k - 1);
        return line + ":" + column;
    }

    /** Runs {@code run CONFIG --out OUT}, checks the shape of a rejection, returns the one stderr line. */
    private String rejected(Path config) throws IOException {
        return rejected("run", config.toString(), "--out", out.toString());
    }

    private String rejected(String... args) throws IOException {
        Cli.Result r = Cli.run(args);
        assertEquals(1, r.code(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "exactly one line on stderr: " + r);
        String line = lines.get(0);
        assertTrue(line.startsWith("attention: "), line);
        assertFalse(line.contains("Exception"), () -> "no exception class names: " + line);
        assertFalse(r.err().contains("at dev.") || r.err().contains("\tat "), () -> "no stack trace: " + r);
        assertEquals("", r.out(), () -> "no result on stdout: " + r);
        assertEquals("", r.systemErr(), () -> "nothing logged when not verbose: " + r);
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(List.of(), files.toList(), "nothing written, not even temporary files");
            }
        }
        return line;
    }

    @Test
    void misspelt_alignment_suggests_the_known_id_at_its_position() throws IOException {
        String text = config("scaled-dott", "softmax");
        Path c = write("typo.yaml", text);
        String line = rejected(c);
        assertTrue(line.contains(c + ":" + at(text, "scaled-dott") + ":"), line);
        assertTrue(line.contains("did you mean 'scaled-dot'"), line);
    }

    @Test
    void unknown_key_names_the_nearest_supported_key() throws IOException {
        String text = config("dot", "normalize").replace("distribution:", "distrbution:");
        Path c = write("key.yaml", text);
        String line = rejected(c);
        assertTrue(line.contains(c + ":" + at(text, "distrbution").split(":")[0] + ":"), line);
        assertTrue(line.contains("'distrbution'") && line.contains("did you mean 'distribution'"), line);
    }

    @Test
    void unknown_parameter_lists_the_supported_ones() throws IOException {
        Path c = write("param.yaml", config("dot", "{id: softmax, temprature: 2}"));
        String line = rejected(c);
        assertTrue(line.contains("temprature"), line);
        assertTrue(line.contains("supported: temperature"), line);
    }

    @Test
    void out_of_range_parameter_names_its_key_position_and_range() throws IOException {
        String text = config("dot", "{id: softmax, temperature: 0}");
        Path c = write("range.yaml", text);
        String line = rejected(c);
        assertTrue(line.contains(c + ":" + at(text, "0}") + ": pipeline.distribution.temperature: "), line);
        assertTrue(line.contains("(0, ∞)"), line);
    }

    @Test
    void missing_data_file_is_named() throws IOException {
        Path c = write("nofile.yaml", config("dot", "normalize", "missing.csv"));
        String line = rejected(c);
        assertTrue(line.contains("missing.csv") && line.contains("not found"), line);
    }

    @Test
    void non_numeric_cell_names_file_line_and_column() throws IOException {
        write("bad.csv", "x,y\n1,2\nabc,4\n3,5\n4,8\n");
        Path c = write("cell.yaml", config("dot", "normalize", "bad.csv"));
        String line = rejected(c);
        // Line 3 of bad.csv, counting the header as line 1.
        assertTrue(line.contains("bad.csv:3 column 'x'"), line);
        assertTrue(line.contains("'abc'"), line);
    }

    @Test
    void input_the_variant_does_not_take_is_rejected() throws IOException {
        String text = config("dot", "normalize") + "  sequence: {file: train.csv, columns: [x]}\n";
        Path c = write("seq.yaml", text);
        String line = rejected(c);
        assertTrue(line.contains("inputs.sequence") && line.contains("'sequence'"), line);
        assertTrue(line.contains(c + ":" + at(text, "sequence").split(":")[0] + ":"), line);
    }

    @Test
    void missing_required_input_is_named() throws IOException {
        String text = config("dot", "normalize").replace("  values:  {file: train.csv, columns: [y]}\n", "");
        assertFalse(text.contains("values"));
        String line = rejected(write("novalues.yaml", text));
        assertTrue(line.contains("needs input 'values'"), line);
    }

    @Test
    void normalize_refuses_negative_scores() throws IOException {
        // dot with negative keys and positive queries gives negative scores, which normalize cannot
        // turn into weights.
        write("neg.csv", "x,y\n-1,2\n-2,4\n-3,5\n-4,8\n");
        Path c = write("neg.yaml", config("dot", "normalize", "neg.csv"));
        String line = rejected(c);
        assertTrue(line.contains("normalize") && line.contains("≥ 0"), line);
    }

    @Test
    void malformed_yaml_is_named_with_its_position() throws IOException {
        Path c = write("malformed.yaml", "name: t\npipeline: {variant: global\n  alignment: [\n");
        String line = rejected(c);
        assertTrue(line.contains(c + ":") && line.contains("malformed YAML"), line);
    }

    @Test
    void missing_config_file_is_named() throws IOException {
        String line = rejected(dir.resolve("nothere.yaml"));
        assertTrue(line.contains("nothere.yaml") && line.contains("not found"), line);
    }

    @Test
    void a_missing_plugin_folder_is_bad_input_not_an_internal_error() throws IOException {
        String line = rejected("--plugins", dir.resolve("no-plugins").toString(),
                "run", Cli.seedExample("config.yaml").toString(), "--out", out.toString());
        assertTrue(line.contains("no-plugins"), line);
        assertFalse(line.contains("internal error"), line);
    }

    @Test
    void a_folder_given_as_config_is_not_called_malformed() throws IOException {
        Path c = Files.createDirectory(dir.resolve("conf.yaml"));
        String line = rejected(c);
        assertFalse(line.contains("malformed"), line);
        assertTrue(line.contains("is a folder"), line);
    }
}
