package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AttentionEngine#load}: config plus data into a runnable job, checked against the variant. */
class EngineLoadTest {
    /** Tests run in attention-core/, so the examples are one level up. */
    private static final Path SEED = Path.of("../examples/seed-figure-1");

    @TempDir
    Path dir;

    private final AttentionEngine engine = Attention.engine();

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void an_input_the_variant_does_not_take_is_refused_at_its_line_with_the_nearest_name() throws IOException {
        Path p = write("job.yaml", String.join("\n",
                "pipeline: {alignment: dot}",
                "inputs:",
                "  queries: {data: [[1.0]]}",
                "  keys: {data: [[1.0]]}",
                "  values: {data: [[1.0]]}",
                "  querys: {data: [[1.0]]}",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> engine.load(p));
        assertEquals(Optional.of("inputs.querys"), e.key());
        // "  querys: {data: …}": the source mapping opens at line 6, column 11.
        assertEquals(6, e.line());
        assertEquals(11, e.column());
        assertTrue(e.getMessage().contains("does not take an input named 'querys'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'queries'?"), e.getMessage());
        assertTrue(e.getMessage().contains("it takes: keys, queries, values"), e.getMessage());
    }

    @Test
    void a_missing_required_input_is_named() throws IOException {
        Path p = write("job.yaml", String.join("\n",
                "pipeline: {alignment: dot}",
                "inputs:",
                "  queries: {data: [[1.0]]}",
                "  keys: {data: [[1.0]]}",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> engine.load(p));
        assertEquals(Optional.of("inputs"), e.key());
        assertTrue(e.getMessage().contains("needs input 'values'"), e.getMessage());
        assertEquals(Optional.of(p.toString()), e.file());
    }

    @Test
    void the_seed_example_loads_and_predicts_5_7_for_every_query() {
        Job job = engine.load(SEED.resolve("config.yaml"));
        assertArrayEquals(new int[] {4, 1}, job.inputs().tensor("keys").shape());
        assertArrayEquals(new int[] {4, 1}, job.inputs().tensor("values").shape());
        assertArrayEquals(new int[] {3, 1}, job.inputs().tensor("queries").shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, job.inputs().tensor("keys").toDoubleArray());
        assertArrayEquals(new double[] {2, 4, 5, 8}, job.inputs().tensor("values").toDoubleArray());
        assertArrayEquals(new double[] {1.5, 2.5, 3.5}, job.inputs().tensor("queries").toDoubleArray());

        Tensor out = engine.run(job).output();
        // dot + normalize: w_i = x_i q / Σ_j x_j q, so q cancels and every query predicts
        // Σ x_i y_i / Σ x_j = (1·2 + 2·4 + 3·5 + 4·8) / (1 + 2 + 3 + 4) = 57 / 10 = 5.7.
        assertArrayEquals(new int[] {3, 1}, out.shape());
        assertArrayEquals(new double[] {5.7, 5.7, 5.7}, out.toDoubleArray(), 1e-12);
    }

    private Job seedCopy(boolean weights) throws IOException {
        Files.copy(SEED.resolve("train.csv"), dir.resolve("train.csv"));
        Files.copy(SEED.resolve("test.csv"), dir.resolve("test.csv"));
        return engine.load(write("job.yaml", String.join("\n",
                "pipeline: {variant: global, alignment: dot, distribution: normalize}",
                "inputs:",
                "  keys:    {file: train.csv, columns: [x]}",
                "  values:  {file: train.csv, columns: [y]}",
                "  queries: {file: test.csv,  columns: [x]}",
                "output: {weights: " + weights + "}",
                "")));
    }

    private static List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void write_without_weights_writes_only_the_output() throws IOException {
        Job job = seedCopy(false);
        AttentionResult r = engine.run(job);
        assertTrue(r.weights().isEmpty(), "weights: false reaches the pipeline, which then never returns them");
        Path out = dir.resolve("out");
        assertEquals(List.of(out.resolve("output.csv")), engine.write(job, r, out, "csv"));
        assertEquals(List.of(".attention-manifest", "output.csv"), listing(out));
        List<String> lines = Files.readAllLines(out.resolve("output.csv"));
        // Header labels the output column after the values' column; one row per query.
        assertEquals("query,y", lines.get(0));
        assertEquals(4, lines.size());
        for (int i = 1; i < 4; i++) {
            String[] cells = lines.get(i).split(",");
            assertEquals(String.valueOf(i - 1), cells[0]);
            assertEquals(5.7, Double.parseDouble(cells[1]), 1e-12);
        }
    }

    @Test
    void write_with_weights_writes_both() throws IOException {
        Job job = seedCopy(true);
        Path out = dir.resolve("out");
        engine.write(job, engine.run(job), out, "csv");
        assertEquals(List.of(".attention-manifest", "output.csv", "weights.csv"), listing(out));
    }
}
