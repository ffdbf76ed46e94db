package dev.attention.assembly.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private ConfigException error(String name, String text) throws IOException {
        Path p = write(name, text);
        return assertThrows(ConfigException.class, () -> new ConfigLoader().load(p));
    }

    private static void assertMessage(ConfigException e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void reads_short_and_long_component_forms_inputs_and_output() throws IOException {
        JobConfig c = new ConfigLoader().load(write("job.yaml", String.join("\n",
                "name: demo",
                "seed: 7",
                "dtype: float32",
                "pipeline:",
                "  variant: global",
                "  alignment: {id: scaled-dot, scale: 0.5}",
                "  distribution:",
                "    id: softmax",
                "    temperature: 2",
                "inputs:",
                "  keys: {file: train.csv, columns: [x, 2]}",
                "  values: train.csv",
                "  queries: {data: [[1.5], [2]]}",
                "output: {weights: false, format: json, dir: results}",
                "")));
        assertEquals("demo", c.name());
        assertEquals(7, c.seed());
        assertEquals(DType.FLOAT32, c.dtype());
        assertEquals("global", c.variant().id());
        assertEquals("scaled-dot", c.alignment().id());
        assertEquals(Map.of("scale", 0.5), c.alignment().parameters());
        assertEquals(Map.of("temperature", 2L), c.distribution().parameters());
        // the parameter's own position: line 9, column 18 ("    temperature: 2")
        assertEquals(9, c.distribution().positionOf("temperature").line());
        assertEquals(18, c.distribution().positionOf("temperature").column());
        assertEquals(List.of("x", 2), c.inputs().get("keys").columns());
        assertEquals(Optional.of(dir.resolve("train.csv")), c.inputs().get("values").file());
        assertEquals(1.5, c.inputs().get("queries").inline().get()[0][0]);
        assertEquals(new OutputConfig(false, "json", Optional.of(dir.resolve("results"))), c.output());
        assertEquals(List.of("keys", "values", "queries"), List.copyOf(c.inputs().keySet()));
    }

    @Test
    void json_configs_read_the_same_as_yaml() throws IOException {
        JobConfig c = new ConfigLoader().load(write("job.json",
                "{\"pipeline\": {\"alignment\": \"dot\", \"distribution\": {\"id\": \"softmax\", \"temperature\": 0.5}}}"));
        assertEquals("dot", c.alignment().id());
        assertEquals(Map.of("temperature", 0.5), c.distribution().parameters());
        assertEquals("job", c.name(), "name defaults to the file name");
        assertEquals("global", c.variant().id(), "variant defaults to global");
        assertEquals(DType.FLOAT64, c.dtype());
    }

    @Test
    void unknown_key_names_position_nearest_and_supported_keys() throws IOException {
        ConfigException e = error("bad.yaml", "pipeline:\n  alignment: dot\n  distrbution: softmax\n");
        assertEquals(3, e.line());
        assertEquals("pipeline.distrbution", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("did you mean 'distribution'?"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: alignment, distribution, levels, variant"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.yaml") + ":3:"), e.getMessage());
    }

    @Test
    void wrong_types_are_refused_with_the_key() throws IOException {
        ConfigException seed = error("a.yaml", "seed: many\npipeline: {}\n");
        assertEquals("seed", seed.key().orElseThrow());
        assertTrue(seed.getMessage().contains("expected a whole number, got text 'many'"), seed.getMessage());

        ConfigException dtype = error("b.yaml", "dtype: float16\npipeline: {}\n");
        assertTrue(dtype.getMessage().contains("use float32 or float64"), dtype.getMessage());

        ConfigException list = error("c.yaml", "pipeline: {alignment: {id: dot, scale: [1, 2]}}\n");
        assertEquals("pipeline.alignment.scale", list.key().orElseThrow());
    }

    @Test
    void malformed_yaml_and_json_report_a_position() throws IOException {
        ConfigException yaml = error("m.yaml", "pipeline:\n  alignment: [dot\n");
        assertTrue(yaml.getMessage().contains("malformed YAML"), yaml.getMessage());
        assertTrue(yaml.line() > 0);
        ConfigException json = error("m.json", "{\"pipeline\": {\"alignment\": \"dot\",}}");
        assertTrue(json.getMessage().contains("malformed JSON"), json.getMessage());
        assertEquals(1, json.line());
    }

    @Test
    void missing_pipeline_empty_file_duplicate_key_and_missing_file_are_errors() throws IOException {
        assertMessage(error("n.yaml", "name: x\n"), "missing required key 'pipeline'");
        assertMessage(error("e.yaml", ""), "the file is empty");
        ConfigException dup = error("d.yaml", "pipeline: {}\npipeline: {}\n");
        assertTrue(dup.getMessage().contains("duplicate key"), dup.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> new ConfigLoader().load(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("config file not found"), missing.getMessage());
        ConfigException type = assertThrows(ConfigException.class,
                () -> new ConfigLoader().load(dir.resolve("job.txt")));
        assertTrue(type.getMessage().contains(".yaml, .yml or .json"), type.getMessage());
    }

    @Test
    void a_folder_is_refused_as_a_folder_not_as_malformed_yaml() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("conf.yaml"));
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(folder));
        assertMessage(e, "config path is a folder, not a file");
    }

    @Test
    void input_sources_are_checked() throws IOException {
        assertMessage(error("i1.yaml", "pipeline: {}\ninputs: {keys: {columns: [x]}}\n"), "needs exactly one of 'file' and 'data'");
        assertMessage(error("i2.yaml", "pipeline: {}\ninputs: {keys: {data: [[1, 2], [3]]}}\n"), "row has 1 values, the first row has 2");
        assertMessage(error("i3.yaml", "pipeline: {}\ninputs: {keys: {file: a.csv, header: false, columns: [x]}}\n"), "the file has no header");
        assertMessage(error("i4.yaml", "pipeline: {}\ninputs: {keys: {file: a.csv, colums: [x]}}\n"), "did you mean 'columns'?");
        assertMessage(error("i5.yaml", "pipeline: {}\ninputs: {keys: {data: [[1, .nan]]}}\n"), "expected a finite number");
        assertMessage(error("i6.yaml", "pipeline: {}\noutput: {format: xml}\n"), "use csv, json, npy or safetensors");
    }

    @Test
    void a_blank_plugin_id_is_refused() throws IOException {
        ConfigException e = error("blank.yaml", "pipeline: {alignment: ''}\n");
        assertTrue(e.getMessage().contains("plugin id is blank"), e.getMessage());
    }

    @Test
    void levels_inherit_the_pipeline_components_and_keep_variant_overrides_with_positions() throws IOException {
        JobConfig c = new ConfigLoader().load(write("levels.yaml", String.join("\n",
                "pipeline:",
                "  variant: {id: multilevel, hidden: 4}",
                "  alignment: {id: additive, hidden: 3}",
                "  levels:",
                "    - {distribution: sparsemax, hidden: 8}",
                "    - {alignment: dot}",
                "inputs:",
                "  sequence: {file: docs.csv, group: [document, sentence]}",
                "")));
        assertEquals(2, c.levels().size());
        LevelConfig first = c.levels().get(0);
        assertEquals("pipeline.levels[1]", first.key());
        assertEquals("additive", first.alignment().id());
        assertEquals(3L, first.alignment().parameters().get("hidden"));
        assertEquals("sparsemax", first.distribution().id());
        assertEquals(Map.of("hidden", 8L), first.parameters());
        assertEquals(5, first.positions().get("hidden").line());
        assertEquals("dot", c.levels().get(1).alignment().id());
        assertEquals("pipeline.levels[2].alignment", c.levels().get(1).alignment().key());
        assertEquals("softmax", c.levels().get(1).distribution().id());
        assertEquals(5, c.levelsAt().line(), "the list starts at its first item");
        assertEquals(List.of("document", "sentence"), c.inputs().get("sequence").groups());
        assertEquals(Optional.of("document"), c.inputs().get("sequence").group());
    }

    @Test
    void malformed_levels_and_groups_are_refused_with_positions() throws IOException {
        assertMessage(error("a.yaml", "pipeline: {variant: multilevel, levels: {alignment: dot}}\n"),
                "expected a list of levels");
        assertMessage(error("b.yaml", "pipeline: {variant: multilevel, levels: []}\n"), "levels is empty");
        ConfigException e = error("c.yaml", "pipeline:\n  levels:\n    - {hidden: [1, 2]}\n");
        assertEquals(3, e.line());
        assertMessage(e, "a parameter takes one value");
        assertMessage(error("d.yaml", "pipeline: {}\ninputs: {s: {file: x.csv, group: [a, a]}}\n"),
                "listed twice");
        assertMessage(error("e.yaml", "pipeline: {}\ninputs: {s: {file: x.csv, group: []}}\n"),
                "group is an empty list");
    }

    @Test
    void the_plugins_folder_is_read_relative_to_the_config_before_any_engine_exists() throws IOException {
        Path config = write("p.yaml", "plugins: extra/jars\npipeline: {}\n");
        assertEquals(Optional.of(dir.resolve("extra/jars")), new ConfigLoader().pluginDir(config));
        new ConfigLoader().load(config); // the key is part of the schema, not an unknown key
        assertEquals(Optional.empty(), new ConfigLoader().pluginDir(write("q.yaml", "pipeline: {}\n")));
        ConfigException wrongType = assertThrows(ConfigException.class,
                () -> new ConfigLoader().pluginDir(write("r.yaml", "plugins: [a, b]\npipeline: {}\n")));
        assertEquals("plugins", wrongType.key().orElseThrow());
        ConfigException blank = error("s.yaml", "plugins: ' '\npipeline: {}\n");
        assertTrue(blank.getMessage().contains("plugin folder is blank"), blank.getMessage());
    }
}
