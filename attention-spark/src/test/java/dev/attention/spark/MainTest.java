package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit entry point on the shipped examples, against the files the command line writes
 * for the same configs ({@code engine.write}, which is what {@code attention run} calls).
 */
class MainTest {
    private static final double TOLERANCE = 1e-6;
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static AttentionEngine engine;

    @BeforeAll
    static void start() {
        spark = SharedSpark.get();
        engine = Attention.engine();
    }

    /** The command line's output.csv for {@code config}: header, then rows as text cells. */
    static List<String[]> cliOutput(Path config, Path out) throws IOException {
        AttentionEngine e = Attention.engine();
        Job job = e.load(config);
        e.write(job, e.run(job), out, "csv");
        return Files.readAllLines(out.resolve("output.csv")).stream().map(l -> l.split(",")).toList();
    }

    /** Spark's output rows keyed by their first {@code keys} cells joined. */
    private static Map<String, Row> byKey(Dataset<Row> out, int keys) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : out.collectAsList()) {
            List<String> k = new ArrayList<>();
            for (int j = 0; j < keys; j++) {
                k.add(String.valueOf(r.get(j)));
            }
            m.put(String.join(",", k), r);
        }
        return m;
    }

    private static void assertSame(List<String[]> cli, Dataset<Row> spark, int keys) {
        assertEquals(String.join(",", cli.get(0)), String.join(",", List.of(spark.columns()).subList(0,
                cli.get(0).length)), "the command line's columns");
        Map<String, Row> rows = byKey(spark, keys);
        assertEquals(cli.size() - 1, rows.size());
        for (String[] line : cli.subList(1, cli.size())) {
            Row r = rows.get(String.join(",", List.of(line).subList(0, keys)));
            for (int j = keys; j < line.length; j++) {
                assertEquals(Double.parseDouble(line[j]), Double.parseDouble(String.valueOf(r.get(j))), TOLERANCE,
                        String.join(",", line));
            }
        }
    }

    @Test
    void csv_in_csv_out_matches_the_command_line_with_top_k() throws IOException {
        Path config = EXAMPLES.resolve("spark/config.yaml");
        String out = dir.resolve("scored.csv").toString();
        long n = Main.run(spark, MainArgs.parse(new String[] {config.toString(),
            EXAMPLES.resolve("spark/queries.csv").toString(), out, "--top-k", "2"}));
        assertEquals(2000, n);
        Dataset<Row> written = spark.read().option("header", "true").csv(out);
        assertEquals(List.of("query", "y", "topk_index", "topk_weight"), List.of(written.columns()));
        assertSame(cliOutput(config, dir.resolve("cli")), written, 1);
        String topk = written.filter("query = '0'").first().getString(2);
        assertTrue(topk.matches("\\d+;\\d+"), topk);
    }

    @Test
    void parquet_in_parquet_out_matches_the_command_line() throws IOException {
        Path config = EXAMPLES.resolve("spark/config.yaml");
        String in = dir.resolve("queries.parquet").toString();
        spark.read().option("header", "true").option("inferSchema", "true")
                .csv(EXAMPLES.resolve("spark/queries.csv").toString()).write().parquet(in);
        String out = dir.resolve("scored.parquet").toString();
        Main.run(spark, MainArgs.parse(new String[] {config.toString(), in, out}));
        assertSame(cliOutput(config, dir.resolve("cli-parquet")), spark.read().parquet(out), 1);
    }

    @Test
    void grouped_sequences_match_the_command_line_row_for_row() throws IOException {
        // examples/self: causal self-attention over two series grouped by 'series'.
        Path config = EXAMPLES.resolve("self/config.yaml");
        String out = dir.resolve("self.csv").toString();
        Main.run(spark, MainArgs.parse(new String[] {config.toString(),
            EXAMPLES.resolve("self/sequence.csv").toString(), out}));
        Dataset<Row> written = spark.read().option("header", "true").csv(out);
        Job job = engine.load(config);
        List<String[]> cli = cliOutput(config, dir.resolve("cli-self"));
        int[] lengths = job.inputs().lengths("sequence").orElseThrow();
        Map<String, Row> rows = byKey(written, 2);
        int compared = 0;
        for (String[] line : cli.subList(1, cli.size())) {
            int b = Integer.parseInt(line[0]);
            int i = Integer.parseInt(line[1]);
            if (i >= lengths[b]) {
                continue; // the command line also writes the padded rows (zeros); Spark has no padding
            }
            Row r = rows.get(job.groups().get(b) + "," + i);
            for (int j = 2; j < line.length; j++) {
                assertEquals(Double.parseDouble(line[j]), Double.parseDouble(r.getString(j)), TOLERANCE);
            }
            compared++;
        }
        assertEquals(rows.size(), compared);
    }

    @Test
    void usage_errors_name_the_problem() {
        assertThrows(IllegalArgumentException.class, () -> MainArgs.parse(new String[] {"c.yaml", "in"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MainArgs.parse(new String[] {"c.yaml", "in", "out", "--output-format", "orc"}));
        assertTrue(e.getMessage().contains("csv or parquet"), e.getMessage());
        assertEquals("csv", MainArgs.parse(new String[] {"c.yaml", "in.parquet", "out.csv"}).outputFormat());
        MainArgs check = MainArgs.parse(new String[] {"--check", "hdfs:///results/out.parquet"});
        assertTrue(check.check());
        assertEquals("hdfs:///results/out.parquet", check.output());
        e = assertThrows(IllegalArgumentException.class, () -> MainArgs.parse(new String[] {"--check", "a", "b"}));
        assertTrue(e.getMessage().contains("--check takes OUTPUT alone"), e.getMessage());
    }

    @Test
    void a_bad_config_is_one_line_and_exit_code_1() throws IOException {
        Path train = EXAMPLES.resolve("spark/train.csv");
        Path bad = TestData.write(dir.resolve("bad.yaml"), "pipeline: {variant: globl}\ninputs:\n  keys: {file: " + train
                + ", columns: [x1, x2]}\n  values: {file: " + train + ", columns: [y]}\n");
        RuntimeException e = assertThrows(AttentionException.class, () -> Main.run(spark,
                MainArgs.parse(new String[] {bad.toString(), EXAMPLES.resolve("spark/queries.csv").toString(),
                    dir.resolve("never").toString()})));
        assertEquals(1, Main.report(e));
        assertTrue(Main.rootMessage(e).contains("did you mean 'global'"), Main.rootMessage(e));
    }
}
