package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A global job loaded with {@code loadStreaming} reads its queries in chunks: 1000 keys make a chunk
 * about 520 query rows, so 1200 queries take 3 chunks. The files equal those of {@code run} then
 * {@code write}, and errors are those of a whole load or run.
 */
class ChunkedQueriesTest {
    @TempDir
    Path dir;

    private final AttentionEngine engine = Attention.engine(EngineOptions.defaults().withThreads(2));

    private Path config(String alignment, String distribution, String queriesTail) throws IOException {
        Random rnd = new Random(5);
        StringBuilder train = new StringBuilder("a,b,y\n");
        for (int r = 0; r < 1000; r++) {
            train.append(rnd.nextDouble()).append(',').append(rnd.nextDouble()).append(',')
                    .append(rnd.nextGaussian()).append('\n');
        }
        StringBuilder test = new StringBuilder("a,b\n");
        for (int r = 0; r < 1200; r++) {
            test.append(rnd.nextDouble()).append(',').append(rnd.nextDouble()).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("test.csv"), test + queriesTail);
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, String.join("\n",
                "name: chunks",
                "pipeline: {variant: global, alignment: " + alignment + ", distribution: " + distribution + "}",
                "inputs:",
                "  keys: {file: train.csv, columns: [a, b]}",
                "  values: {file: train.csv, columns: [y]}",
                "  queries: {file: test.csv, columns: [a, b]}",
                ""));
        return config;
    }

    @Test
    void chunked_files_equal_whole_files_on_the_fused_and_the_general_path() throws IOException {
        for (String[] components : List.of(new String[] {"scaled-dot", "softmax"}, new String[] {"dot", "normalize"})) {
            Path config = config(components[0], components[1], "");
            Job streamed = engine.loadStreaming(config);
            assertTrue(streamed.queriesStreamed());
            assertFalse(streamed.inputs().has("queries"), "the queries stay in their file");
            JobRun run = engine.runAndWrite(streamed, dir.resolve("chunked"), "csv");
            assertEquals(1200, run.rows());
            assertTrue(run.result().output().rows() < 1200, "the result is the first chunk only");

            Job whole = engine.load(config);
            assertFalse(whole.queriesStreamed());
            AttentionResult r = engine.run(whole);
            engine.write(whole, r, dir.resolve("whole"), "csv");
            for (String f : List.of("output.csv", "weights.csv")) {
                assertEquals(Files.readString(dir.resolve("whole").resolve(f)),
                        Files.readString(dir.resolve("chunked").resolve(f)), components[0] + " " + f);
            }
            // run() on a streamed job reads the queries whole: the same result.
            assertEquals(r.output(), engine.run(streamed).output());
        }
    }

    @Test
    void a_bad_cell_in_a_later_chunk_names_its_line_and_leaves_nothing() throws IOException {
        Path config = config("scaled-dot", "softmax", "0.5,oops\n");
        Job job = engine.loadStreaming(config);
        DataException e = assertThrows(DataException.class, () -> engine.runAndWrite(job, dir.resolve("out"), "csv"));
        assertTrue(e.getMessage().contains("test.csv") && e.getMessage().contains("1202")
                && e.getMessage().contains("inputs.queries"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "no output");
        try (var s = Files.list(dir.resolve(".out.gen"))) {
            assertEquals(List.of(".lock"), s.map(p -> p.getFileName().toString()).toList(), "no unfinished generation");
        }
    }

    @Test
    void a_run_time_error_in_a_chunk_names_config_pipeline_and_rows() throws IOException {
        // normalize refuses negative scores; only some later queries are negative.
        Path config = config("dot", "normalize", "-1,-1\n");
        Job job = engine.loadStreaming(config);
        AttentionException e = assertThrows(AttentionException.class,
                () -> engine.runAndWrite(job, dir.resolve("out"), "csv"));
        assertTrue(e.getMessage().startsWith(config.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("pipeline 'chunks'"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*queries rows \\d+–1201 of .*test\\.csv.*"), e.getMessage());
    }
}
