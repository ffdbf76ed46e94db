package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fluent builder is the same front door as a configuration file: same pipeline, same errors. */
class PipelineBuilderTest {
    @TempDir
    Path dir;

    private final AttentionEngine engine = Attention.engine();

    // The same tensors as the inline data of the YAML below.
    private static final Tensor QUERIES = Tensor.matrix(DType.FLOAT64, new double[] {1, 2}, new double[] {0.5, -1});
    private static final Tensor KEYS = Tensor.matrix(DType.FLOAT64, new double[] {1, 0}, new double[] {0, 1},
            new double[] {1, 1});
    private static final Tensor VALUES = Tensor.matrix(DType.FLOAT64, new double[] {1}, new double[] {2},
            new double[] {4});
    private static final AttentionInputs INPUTS =
            AttentionInputs.of(Map.of("queries", QUERIES, "keys", KEYS, "values", VALUES));

    private Path write(String text) throws IOException {
        Path p = dir.resolve("job.yaml");
        Files.writeString(p, text);
        return p;
    }

    private Pipeline built() {
        return engine.pipeline().name("same").variant("global")
                .alignment("scaled-dot", Map.of("scale", 0.5))
                .distribution("softmax", Map.of("temperature", 2))
                .dtype(DType.FLOAT32).seed(3).build();
    }

    @Test
    void builder_and_yaml_with_the_same_settings_give_equal_pipelines_and_bit_identical_results() throws IOException {
        Job job = engine.load(write(String.join("\n",
                "name: same",
                "seed: 3",
                "dtype: float32",
                "pipeline:",
                "  variant: global",
                "  alignment: {id: scaled-dot, scale: 0.5}",
                "  distribution: {id: softmax, temperature: 2}",
                "inputs:",
                "  queries: {data: [[1.0, 2.0], [0.5, -1.0]]}",
                "  keys: {data: [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]}",
                "  values: {data: [[1.0], [2.0], [4.0]]}",
                "")));
        Pipeline fromYaml = job.pipeline();
        Pipeline fromJava = built();

        assertEquals("global / scaled-dot / softmax", fromJava.describe());
        assertEquals(fromJava.describe(), fromYaml.describe());
        assertEquals(DType.FLOAT32, fromJava.dtype());
        assertEquals(fromJava.dtype(), fromYaml.dtype());
        assertEquals(fromJava.name(), fromYaml.name());

        AttentionResult java = fromJava.run(INPUTS);
        assertEquals(java.output(), fromYaml.run(INPUTS).output());
        assertEquals(java.weights(), fromYaml.run(INPUTS).weights());
        // The job's own inline inputs are the same numbers, so run(job) agrees bit for bit too.
        assertEquals(java.output(), engine.run(job).output());
    }

    @Test
    void builder_parameters_are_applied_as_written() {
        Tensor out = built().run(INPUTS).output();
        // Query 0 = (1, 2): scores 0.5·q·k = 0.5·(1, 2, 3) = (0.5, 1, 1.5); over τ = 2 → (0.25, 0.5, 0.75).
        double[] e0 = {Math.exp(0.25), Math.exp(0.5), Math.exp(0.75)};
        double y0 = (e0[0] * 1 + e0[1] * 2 + e0[2] * 4) / (e0[0] + e0[1] + e0[2]);
        // Query 1 = (0.5, −1): scores 0.5·(0.5, −1, −0.5) = (0.25, −0.5, −0.25); over τ = 2 → (0.125, −0.25, −0.125).
        double[] e1 = {Math.exp(0.125), Math.exp(-0.25), Math.exp(-0.125)};
        double y1 = (e1[0] * 1 + e1[1] * 2 + e1[2] * 4) / (e1[0] + e1[1] + e1[2]);
        assertEquals(DType.FLOAT32, out.dtype());
        assertArrayEquals(new double[] {y0, y1}, out.toDoubleArray(), 1e-6);
        // Guard that the parameters matter for these inputs: default scale and temperature differ.
        assertNotEquals(out, engine.pipeline().dtype(DType.FLOAT32).build().run(INPUTS).output());
    }

    @Test
    void defaults_are_global_scaled_dot_softmax_in_float64() {
        Pipeline p = engine.pipeline().build();
        assertEquals("global / scaled-dot / softmax", p.describe());
        assertEquals(DType.FLOAT64, p.dtype());
        assertEquals("pipeline", p.name());
        // d = 4 so the default scale 1/√d is 0.5: q·k1 = 4 → score 2, q·k2 = 0 → score 0.
        // Softmax with τ = 1: w1 = e²/(e² + 1); output = w1·1 + w2·0.
        Tensor q = Tensor.matrix(DType.FLOAT64, new double[] {1, 1, 1, 1});
        Tensor k = Tensor.matrix(DType.FLOAT64, new double[] {1, 1, 1, 1}, new double[] {0, 0, 0, 0});
        Tensor v = Tensor.matrix(DType.FLOAT64, new double[] {1}, new double[] {0});
        Tensor out = p.run(AttentionInputs.of(Map.of("queries", q, "keys", k, "values", v))).output();
        double e2 = Math.exp(2);
        assertEquals(e2 / (e2 + 1), out.get(0, 0), 1e-12);
    }

    @Test
    void an_unknown_id_suggests_the_nearest_and_lists_the_known_ids_sorted() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> engine.pipeline().alignment("scaled-dott").build());
        assertEquals(Optional.of("pipeline.alignment"), e.key());
        assertTrue(e.getMessage().contains("did you mean 'scaled-dot'?"), e.getMessage());
        // the registry's ids, sorted, whatever plugins this class path holds
        java.util.List<String> known = engine.plugins().stream()
                .filter(p -> p.kind() == dev.attention.api.spi.PluginKind.ALIGNMENT)
                .map(dev.attention.assembly.plugin.PluginInfo::id).sorted().toList();
        assertTrue(known.containsAll(java.util.List.of("cosine", "dot", "scaled-dot")), known.toString());
        assertTrue(e.getMessage().contains("known: " + String.join(", ", known)), e.getMessage());
        assertEquals(0, e.line(), "a Java-built pipeline has no file position");
    }

    @Test
    void a_bad_parameter_from_the_builder_names_its_full_key() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> engine.pipeline().distribution("softmax", Map.of("temperature", -1)).build());
        assertEquals(Optional.of("pipeline.distribution.temperature"), e.key());
        assertTrue(e.getMessage().contains("-1 is out of range"), e.getMessage());
        assertEquals(Optional.empty(), e.file());
    }

    @Test
    void a_bad_parameter_from_yaml_points_at_the_value() throws IOException {
        Path p = write(String.join("\n",
                "pipeline:",
                "  distribution:",
                "    id: softmax",
                "    temperature: -1",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> engine.load(p));
        assertEquals(Optional.of("pipeline.distribution.temperature"), e.key());
        // "    temperature: -1": the value starts at line 4, column 18.
        assertEquals(4, e.line());
        assertEquals(18, e.column());
        assertEquals(Optional.of(p.toString()), e.file());
        assertTrue(e.getMessage().startsWith(p + ":4:18: pipeline.distribution.temperature: "), e.getMessage());
    }

    @Test
    void an_unknown_parameter_lists_the_supported_ones() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> engine.pipeline().distribution("softmax", Map.of("temprature", 2)).build());
        assertEquals(Optional.of("pipeline.distribution.temprature"), e.key());
        assertTrue(e.getMessage().contains("unknown parameter of 'softmax'"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: temperature"), e.getMessage());
    }
}
