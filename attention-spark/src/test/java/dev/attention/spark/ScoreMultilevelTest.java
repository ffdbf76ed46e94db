package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multilevel} on Spark, one document (sentences of tokens) per row, against the engine's run of
 * the same file nested by {@code group: [document, sentence]}: documents of 1–4 sentences of 1–5
 * tokens, so batches pad both sentences and tokens.
 */
class ScoreMultilevelTest {
    private static final double TOLERANCE = 1e-9;
    private static final int DOCS = 60;
    private static final List<String> FEATURES = List.of("f0", "f1", "f2");
    private static final Path EXAMPLE = Path.of("..", "examples", "multilevel", "config.yaml");

    @TempDir
    static Path dir;
    private static AttentionEngine engine;
    private static SparkSession spark;

    @BeforeAll
    static void data() {
        spark = SharedSpark.get();
        engine = Attention.engine();
        Random r = new Random(11);
        StringBuilder sb = new StringBuilder("document,sentence,f0,f1,f2\n");
        for (int d = 0; d < DOCS; d++) {
            for (int s = 1; s <= 1 + d % 4; s++) {
                for (int t = 0; t < 1 + (d + 3 * s) % 5; t++) {
                    sb.append("d").append(d).append(",s").append(s);
                    for (int j = 0; j < FEATURES.size(); j++) {
                        sb.append(',').append(Math.round((2 * r.nextDouble() - 1) * 1e4) / 1e4);
                    }
                    sb.append('\n');
                }
            }
        }
        TestData.write(dir.resolve("docs.csv"), sb.toString());
    }

    private static Dataset<Row> documents(Path csv, List<String> features) {
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(csv.toString()).withColumn("row", functions.monotonically_increasing_id());
        return Sequences.fromNestedRows(rows, List.of("document", "sentence"), "row", features).repartition(3);
    }

    /** Every document's pooled row against the engine's output for it. */
    private static void assertSameAsEngine(Path config, Dataset<Row> documents, int count) {
        Job job = engine.load(config);
        Tensor expected = engine.run(job).output();
        assertEquals(List.of(count, 1, 3), List.of(expected.dim(0), expected.dim(1), expected.dim(2)));
        List<Row> scored = AttentionSpark.scoreSequences(documents, PipelineConfig.file(config),
                SequenceOptions.defaults().withBatchSequences(7)).select("document", AttentionSpark.OUTPUT)
                .collectAsList();
        assertEquals(count, scored.size());
        for (Row r : scored) {
            int b = job.groups().indexOf(r.getString(0));
            assertTrue(b >= 0, r.getString(0));
            List<Object> rows = r.getList(1);
            assertEquals(1, rows.size(), "rows of " + r.getString(0));
            List<?> row = Cells.list(rows.get(0));
            for (int j = 0; j < 3; j++) {
                assertEquals(expected.get(b, 0, j), ((Number) row.get(j)).doubleValue(), TOLERANCE,
                        r.getString(0) + " column " + j);
            }
        }
    }

    @Test
    void the_example_equals_the_engine() {
        assertSameAsEngine(EXAMPLE, documents(EXAMPLE.resolveSibling("documents.csv"),
                List.of("good", "bad", "strength")), 2);
    }

    @Test
    void padded_sentences_and_tokens_equal_the_engine() {
        Path config = TestData.write(dir.resolve("multilevel.yaml"), """
                name: multilevel
                seed: 9
                pipeline:
                  variant: multilevel
                  levels:
                    - {alignment: {id: additive, hidden: 4}, distribution: softmax, hidden: 4}
                    - {alignment: dot, distribution: {id: softmax, temperature: 0.5}}
                inputs:
                  sequence: {file: docs.csv, columns: [f0, f1, f2], group: [document, sentence]}
                """);
        assertSameAsEngine(config, documents(dir.resolve("docs.csv"), FEATURES), DOCS);
    }

    @Test
    void a_ragged_document_fails_with_one_line() {
        StructType schema = new StructType().add("document", DataTypes.StringType)
                .add(AttentionSpark.SEQUENCE, DataTypes.createArrayType(DataTypes.createArrayType(
                        DataTypes.createArrayType(DataTypes.DoubleType))));
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create("good", List.of(List.of(List.of(0.1, 0.2, 0.3)))));
        rows.add(RowFactory.create("ragged", List.of(List.of(List.of(0.1, 0.2, 0.3)),
                List.of(List.of(0.4, 0.5, 0.6), List.of(0.7, 0.8)))));
        Dataset<Row> docs = spark.createDataFrame(rows, schema).repartition(1);
        // The driver's sample holds it, so it fails there, before any task runs.
        DataException e = assertThrows(DataException.class, () -> AttentionSpark.scoreSequences(docs,
                PipelineConfig.file(EXAMPLE), SequenceOptions.defaults()));
        String m = e.getMessage();
        assertTrue(m.contains("sequence[1][1]") && m.contains("has 2 values"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void levels_that_do_not_match_the_nesting_are_refused_on_the_driver() {
        StructType schema = new StructType().add(AttentionSpark.SEQUENCE, DataTypes.createArrayType(
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))));
        Dataset<Row> docs = spark.createDataFrame(List.of(RowFactory.create(
                List.of(List.of(List.of(List.of(0.1, 0.2, 0.3)))))), schema);
        ConfigException e = assertThrows(ConfigException.class, () -> AttentionSpark.scoreSequences(docs,
                PipelineConfig.file(EXAMPLE), SequenceOptions.defaults()));
        assertTrue(e.getMessage().contains("2 levels given but sequence column 'sequence' nests 3 deep"),
                e.getMessage());
    }

    @Test
    void spark_submit_main_nests_by_the_config_s_group_columns() {
        Job job = engine.load(EXAMPLE);
        Tensor expected = engine.run(job).output();
        String out = dir.resolve("multilevel-out.csv").toString();
        long n = Main.run(spark, MainArgs.parse(new String[] {EXAMPLE.toString(),
            EXAMPLE.resolveSibling("documents.csv").toString(), out}));
        assertEquals(2, n);
        Dataset<Row> written = spark.read().option("header", "true").csv(out);
        assertEquals(List.of("document", "query", "output_0", "output_1", "output_2"), List.of(written.columns()));
        List<Row> rows = written.collectAsList();
        assertEquals(2, rows.size());
        for (Row r : rows) {
            int b = job.groups().indexOf(r.getString(0));
            assertTrue(b >= 0, r.getString(0));
            assertEquals("0", r.getString(1));
            for (int j = 0; j < 3; j++) {
                assertEquals(expected.get(b, 0, j), Double.parseDouble(r.getString(2 + j)), TOLERANCE);
            }
        }
    }
}
