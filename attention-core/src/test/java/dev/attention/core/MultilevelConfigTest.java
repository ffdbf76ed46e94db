package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline.levels} and {@code group: [document, sentence]} through the engine: nested data,
 * one level per group column, per-level components and parameters, and positioned errors.
 */
class MultilevelConfigTest {
    @TempDir
    Path dir;

    private Path config(String pipeline) throws IOException {
        // Document a: sentences of 2 and 1 tokens; document b: one sentence of 3 tokens.
        Files.writeString(dir.resolve("docs.csv"), "document,sentence,x,y\na,1,1,0\na,1,0,1\na,2,1,1\n"
                + "b,1,0,2\nb,1,1,0\nb,1,2,2\n");
        Path c = dir.resolve("job.yaml");
        Files.writeString(c, "pipeline:\n" + pipeline + "inputs:\n"
                + "  sequence: {file: docs.csv, columns: [x, y], group: [document, sentence]}\n");
        return c;
    }

    @Test
    void nested_data_run_with_one_configured_level_per_group_column() throws IOException {
        Path c = config("  variant: {id: multilevel, hidden: 2}\n  levels:\n"
                + "    - {alignment: {id: additive, hidden: 3}, distribution: sparsemax}\n"
                + "    - {alignment: dot, hidden: 0}\n");
        AttentionEngine engine = Attention.engine();
        Job job = engine.load(c);
        assertArrayEquals(new int[] {2, 2, 3, 2}, job.inputs().tensor("sequence").shape());
        assertArrayEquals(new int[] {2, 1, 3, 0}, job.inputs().lengths("sequence", 1).orElseThrow());
        assertArrayEquals(new int[] {2, 1}, job.inputs().lengths("sequence", 2).orElseThrow());
        // Level 1 has hidden 2 (W, b) and additive's parameters; level 2 overrides hidden to 0.
        assertTrue(job.pipeline().parameters().names().containsAll(java.util.List.of("variant.level1.W",
                "variant.level1.b", "alignment.level1.W_q", "variant.level2.u")), job.pipeline().parameters().names()
                .toString());
        assertTrue(!job.pipeline().parameters().names().contains("variant.level2.W"));
        assertEquals("multilevel / levels [additive / sparsemax | dot / softmax]", job.pipeline().describe());
        AttentionResult r = engine.run(job);
        assertArrayEquals(new int[] {2, 1, 2}, r.output().shape());
        assertArrayEquals(new int[] {2, 2, 1, 3}, r.get("weights_level1").shape());
        assertArrayEquals(new int[] {2, 1, 2}, r.get("weights").shape());
        assertEquals(0.0, r.get("weights").get(1, 0, 1), "document b has one sentence");
    }

    @Test
    void without_levels_each_group_column_gets_the_pipeline_components() throws IOException {
        Job job = Attention.engine().load(config("  variant: multilevel\n  alignment: dot\n"));
        assertEquals("multilevel / levels [dot / softmax | dot / softmax]", job.pipeline().describe());
    }

    @Test
    void a_level_count_that_differs_from_the_nesting_names_levels() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> Attention.engine().load(config(
                "  variant: multilevel\n  levels:\n    - {alignment: dot}\n")));
        assertEquals("pipeline.levels", e.key().orElseThrow());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("1 level given but the data nest 2 deep (group: [document, sentence])"),
                e.getMessage());
    }

    @Test
    void an_unknown_level_key_lists_the_variant_parameters_at_its_position() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> Attention.engine().load(config(
                "  variant: multilevel\n  levels:\n    - {alignment: dot}\n    - {hiden: 3}\n")));
        assertEquals("pipeline.levels[2].hiden", e.key().orElseThrow());
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("supported: hidden"), e.getMessage());
    }

    @Test
    void levels_on_a_flat_variant_and_multilevel_on_flat_data_are_refused() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> Attention.engine().load(config(
                "  variant: pooling\n  levels:\n    - {alignment: dot}\n    - {alignment: dot}\n")));
        assertEquals("pipeline.levels", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("variant 'pooling' does not take levels"), e.getMessage());
        Files.writeString(dir.resolve("flat.yaml"), "pipeline: {variant: multilevel}\n"
                + "inputs: {sequence: {data: [[1.0], [2.0]]}}\n");
        ConfigException flat = assertThrows(ConfigException.class,
                () -> Attention.engine().load(dir.resolve("flat.yaml")));
        assertTrue(flat.getMessage().contains("needs nested input"), flat.getMessage());
    }

    @Test
    void the_java_builder_takes_levels_too() {
        var p = Attention.engine().pipeline().variant("multilevel").width("sequence", 2)
                .level("additive", Map.of("hidden", 3), "softmax", Map.of(), Map.of("hidden", 2))
                .level("dot", "sparsemax").build();
        assertEquals("multilevel / levels [additive / softmax | dot / sparsemax]", p.describe());
        assertTrue(p.parameters().names().contains("variant.level1.W"));
        assertThrows(ConfigException.class, () -> Attention.engine().pipeline().variant("global")
                .level("dot", "softmax").build());
    }
}
