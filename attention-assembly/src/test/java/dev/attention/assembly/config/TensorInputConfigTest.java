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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Inputs from .npy and .safetensors files: the type is the extension, CSV-only keys are refused. */
class TensorInputConfigTest {
    @TempDir
    Path dir;

    private JobConfig load(String inputs) throws IOException {
        Path p = dir.resolve("job.yaml");
        Files.writeString(p, "pipeline: {alignment: dot}\ninputs:\n" + inputs + "\n");
        return new ConfigLoader().load(p);
    }

    @Test
    void tensor_files_in_long_and_short_form() throws IOException {
        JobConfig c = load(String.join("\n",
                "  keys: {file: w.safetensors, tensor: alignment.W}",
                "  values: v.NPY",
                "  queries: {file: q.safetensors}"));
        InputConfig keys = c.inputs().get("keys");
        assertEquals(Optional.of(dir.toAbsolutePath().resolve("w.safetensors")), keys.file());
        assertEquals(Optional.of("alignment.W"), keys.tensor());
        assertEquals(Optional.empty(), c.inputs().get("values").tensor());
        assertEquals(Optional.empty(), c.inputs().get("queries").tensor());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{file: x.npy, columns: [0]}         | 'columns' applies to CSV files, not .npy files",
        "{file: x.safetensors, group: doc}   | 'group' applies to CSV files, not .safetensors files",
        "{file: x.npy, header: false}        | 'header' applies to CSV files, not .npy files",
        "{file: x.npy, tensor: w}            | 'tensor' applies to .safetensors files; a .npy file holds one array",
        "{file: x.csv, tensor: w}            | 'tensor' applies to .safetensors files, not 'x.csv'",
        "{data: [[1.0]], tensor: w}          | 'tensor' applies to files, not inline data",
    })
    void keys_that_do_not_apply_are_named_at_their_position(String source, String expected) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("  keys: " + source));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void a_misspelt_tensor_key_suggests_it() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("  keys: {file: x.safetensors, tensr: w}"));
        assertTrue(e.getMessage().contains("did you mean 'tensor'?"), e.getMessage());
    }
}
