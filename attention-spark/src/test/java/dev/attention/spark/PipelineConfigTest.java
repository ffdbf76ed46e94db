package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.assembly.config.JobConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    @TempDir
    Path dir;

    @Test
    void yaml_text_resolves_its_paths_against_the_base_folder() {
        JobConfig c = PipelineConfig.yaml("pipeline: {variant: global}\ninputs:\n  keys: {file: data/k.csv}\n"
                + "parameters: fitted/parameters.json\n", dir).read();
        assertEquals(dir.resolve("data/k.csv"), c.inputs().get("keys").file().orElseThrow());
        assertEquals(dir.resolve("fitted/parameters.json"), c.parameters().orElseThrow().file());
    }

    @Test
    void yaml_text_errors_keep_line_and_column() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PipelineConfig.yaml("pipeline:\n  varient: global\n", dir).read());
        assertTrue(e.getMessage().startsWith("<yaml text>:2:") && e.getMessage().contains("did you mean 'variant'"), e.getMessage());
    }
}
