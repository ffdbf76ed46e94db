package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runAndWrite streams a row-independent job's weights, recomputed block by block, into the same files
 * the whole-tensor writer produces from the plugins' weights.
 */
class StreamedWeightsTest {
    @TempDir
    Path dir;

    private final AttentionEngine engine = Attention.engine(EngineOptions.defaults().withThreads(2));

    private Job job(String dtype) throws IOException {
        Random rnd = new Random(8);
        StringBuilder train = new StringBuilder("a,b,y\n");
        for (int r = 0; r < 150; r++) {
            train.append(rnd.nextGaussian()).append(',').append(rnd.nextGaussian()).append(',')
                    .append(rnd.nextGaussian()).append('\n');
        }
        StringBuilder test = new StringBuilder("a,b\n");
        for (int r = 0; r < 70; r++) {
            test.append(rnd.nextGaussian()).append(',').append(rnd.nextGaussian()).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("test.csv"), test);
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, String.join("\n",
                "dtype: " + dtype,
                "pipeline: {variant: global, alignment: {id: scaled-dot, scale: 1.5}, distribution: {id: softmax, temperature: 0.5}}",
                "inputs:",
                "  keys: {file: train.csv, columns: [a, b]}",
                "  values: {file: train.csv, columns: [y]}",
                "  queries: {file: test.csv, columns: [a, b]}",
                ""));
        return engine.load(config);
    }

    private static double[][] read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[][] rows = new double[lines.size() - 1][];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",");
            rows[r - 1] = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                rows[r - 1][c] = Double.parseDouble(cells[c]);
            }
        }
        return rows;
    }

    @Test
    void streamed_weights_csv_equals_the_plugins_weights_within_1e_6() throws IOException {
        for (String dtype : List.of("float32", "float64")) {
            Job job = job(dtype);
            assertTrue(job.pipeline().independence().queryRows(), "global declares independent query rows");
            JobRun streamed = engine.runAndWrite(job, dir.resolve("streamed-" + dtype), "csv");
            assertFalse(streamed.result().weights().isPresent(), "weights went to the file, not to memory");

            // The reference: the plugins' computation, written whole.
            var general = engine.pipeline().dtype(job.pipeline().dtype()).alignment("scaled-dot",
                    java.util.Map.of("scale", 1.5)).distribution("softmax", java.util.Map.of("temperature", 0.5))
                    .fastPaths(false).build();
            AttentionResult whole = general.run(job.inputs());
            engine.write(job, whole, dir.resolve("whole-" + dtype), "csv");

            double[][] a = read(dir.resolve("streamed-" + dtype).resolve("weights.csv"));
            double[][] e = read(dir.resolve("whole-" + dtype).resolve("weights.csv"));
            assertEquals(70, a.length);
            for (int r = 0; r < e.length; r++) {
                assertEquals(151, a[r].length);
                for (int c = 0; c < e[r].length; c++) {
                    assertEquals(e[r][c], a[r][c], 1e-6, dtype + " weight " + r + ", " + c);
                }
            }
            assertEquals(Files.readAllLines(dir.resolve("whole-" + dtype).resolve("weights.csv")).get(0),
                    Files.readAllLines(dir.resolve("streamed-" + dtype).resolve("weights.csv")).get(0));
        }
    }

    @Test
    void streamed_json_has_the_weights_shape_and_rows() throws IOException {
        Job job = job("float32");
        JobRun run = engine.runAndWrite(job, dir.resolve("json"), "json");
        assertEquals(List.of(dir.resolve("json").resolve("result.json")), run.files());
        String json = Files.readString(run.files().get(0));
        assertTrue(json.contains("\"weights\""), json.substring(0, 200));
        assertTrue(json.replaceAll("\\s", "").contains("\"shape\":[70,150]"), "weights shape written");
    }
}
