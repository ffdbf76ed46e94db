package dev.attention.assembly.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code labels} key of an input source. */
class LabelsConfigTest {
    @TempDir
    Path dir;

    private JobConfig load(String inputs) throws IOException {
        return new ConfigLoader().load(Files.writeString(dir.resolve("job.yaml"),
                "pipeline: {variant: global}\ninputs:\n" + inputs));
    }

    @Test
    void labels_by_name_or_index() throws IOException {
        JobConfig c = load("  keys: {file: src.csv, columns: [x1, x2], labels: word}\n"
                + "  queries: {file: tgt.csv, header: false, columns: [1], labels: 0}\n");
        assertEquals(Optional.of("word"), c.inputs().get("keys").labels());
        assertEquals(Optional.of(0), c.inputs().get("queries").labels());
    }

    @Test
    void labels_are_refused_on_inline_data_and_named_without_a_header() {
        ConfigException inline = assertThrows(ConfigException.class,
                () -> load("  keys: {data: [[1]], labels: word}\n"));
        assertTrue(inline.getMessage().contains("'labels' applies to files"), inline.getMessage());
        ConfigException noHeader = assertThrows(ConfigException.class,
                () -> load("  keys: {file: a.csv, header: false, labels: word}\n"));
        assertTrue(noHeader.getMessage().contains("no header"), noHeader.getMessage());
    }

    @Test
    void a_misspelt_labels_key_suggests_it() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("  keys: {file: a.csv, label: word}\n"));
        assertTrue(e.getMessage().contains("did you mean 'labels'?"), e.getMessage());
    }
}
