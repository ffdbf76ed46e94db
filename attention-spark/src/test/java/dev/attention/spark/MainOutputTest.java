package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OUTPUT as the spark-submit entry point commits it: one whole set, replaced whole. */
class MainOutputTest {
    private static final Path EXAMPLES = MainTest.EXAMPLES;

    @TempDir
    static Path dir;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SharedSpark.get();
    }

    private static String[] args(Path out, String... more) {
        return Stream.concat(Stream.of(EXAMPLES.resolve("spark/config.yaml").toString(),
                EXAMPLES.resolve("spark/queries.csv").toString(), out.toString()), Stream.of(more)).toArray(String[]::new);
    }

    private static List<String> parts(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).sorted().toList();
        }
    }

    @Test
    void a_run_commits_a_whole_set_behind_a_link_and_a_rerun_replaces_it_whole() throws IOException {
        Path out = dir.resolve("scored.csv");
        assertEquals(2000, Main.run(spark, MainArgs.parse(args(out))));
        assertTrue(Files.isSymbolicLink(out));
        assertTrue(OutputSets.check(spark, out.toString()).whole(), OutputSets.check(spark, out.toString()).message());
        List<String> first = parts(out);
        assertFalse(first.isEmpty());

        RuntimeException refused = assertThrows(IllegalArgumentException.class,
                () -> Main.run(spark, MainArgs.parse(args(out, "--top-k", "2"))));
        assertEquals(1, Main.report(refused));
        assertTrue(refused.getMessage().contains("exists; pass --overwrite"), refused.getMessage());
        assertEquals(first, parts(out), "the refused run left the set as it was");

        // Spark names part files after the job: with overwrite, none of the first run's may stay.
        assertEquals(2000, Main.run(spark, MainArgs.parse(args(out, "--top-k", "2", "--overwrite"))));
        List<String> second = parts(out);
        assertTrue(second.stream().noneMatch(first::contains), first + " / " + second);
        assertEquals(List.of("query", "y", "topk_index", "topk_weight"),
                List.of(spark.read().option("header", "true").csv(out.toString()).columns()));
        assertTrue(OutputSets.check(spark, out.toString()).whole());
        try (Stream<Path> gens = Files.list(dir.resolve(".scored.csv.gen"))) {
            assertEquals(1, gens.count(), "older generations are removed after the switch");
        }
    }

    @Test
    void an_earlier_versions_folder_is_migrated_and_a_users_folder_refused_in_one_line() throws IOException {
        Path out = dir.resolve("earlier.csv");
        spark.read().option("header", "true").csv(EXAMPLES.resolve("spark/queries.csv").toString()).limit(5)
                .write().option("header", "true").csv(out.toString());
        assertEquals(OutputSets.State.NO_MANIFEST, OutputSets.check(spark, out.toString()).state());
        assertEquals(2000, Main.run(spark, MainArgs.parse(args(out, "--overwrite"))));
        assertTrue(Files.isSymbolicLink(out));
        assertTrue(OutputSets.check(spark, out.toString()).whole());

        Path users = dir.resolve("users");
        Files.createDirectories(users);
        Files.writeString(users.resolve("thesis.tex"), "mine");
        RuntimeException refused = assertThrows(IllegalArgumentException.class,
                () -> Main.run(spark, MainArgs.parse(args(users, "--output-format", "csv", "--overwrite"))));
        assertEquals(1, Main.report(refused));
        assertTrue(refused.getMessage().contains("holding files Spark did not write (thesis.tex)"), refused.getMessage());
        assertEquals("mine", Files.readString(users.resolve("thesis.tex")));
    }

    @Test
    void without_links_the_set_is_renamed_into_place_and_replaced_whole() throws IOException {
        FileSystem fs = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
        Path out = dir.resolve("rolled.parquet");
        OutputCommit commit = new OutputCommit(fs, new org.apache.hadoop.fs.Path(out.toUri()), false,
                OutputCommit.Steps.NONE);
        Dataset<Row> first = spark.createDataset(List.of(1L, 2L, 3L), Encoders.LONG()).toDF("n");
        Main.write(first, "parquet", commit, false);
        assertTrue(Files.isDirectory(out) && !Files.isSymbolicLink(out));
        assertTrue(OutputSets.check(spark, out.toString()).whole());
        List<String> before = parts(out);

        Dataset<Row> second = spark.createDataset(List.of(10L, 20L), Encoders.LONG()).toDF("n").repartition(1);
        Main.write(second, "parquet", commit, true);
        assertEquals(List.of(10L, 20L), spark.read().parquet(out.toString()).orderBy("n").as(Encoders.LONG())
                .collectAsList());
        assertTrue(parts(out).stream().noneMatch(before::contains));
        assertTrue(OutputSets.check(spark, out.toString()).whole());
        assertFalse(Files.exists(dir.resolve(".rolled.parquet.gen")));
    }
}
