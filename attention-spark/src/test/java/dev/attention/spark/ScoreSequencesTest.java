package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sequence per row (documents of 2–8 rows), scored on local[2] and compared with the engine. */
class ScoreSequencesTest {
    private static final double TOLERANCE = 1e-6;
    private static final int DOCS = 500;
    private static final List<String> FEATURES = List.of("f0", "f1", "f2", "f3");

    @TempDir
    static Path dir;
    private static AttentionEngine engine;
    private static Dataset<Row> sequences;

    @BeforeAll
    static void data() {
        SparkSession spark = SharedSpark.get();
        engine = Attention.engine();
        Path docs = TestData.sequences(dir.resolve("docs.csv"), DOCS, 8, FEATURES.size(), 3);
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(docs.toString()).withColumn("row", functions.monotonically_increasing_id());
        sequences = Sequences.fromRows(rows, "doc", "row", FEATURES).repartition(3).cache();
    }

    private static Path config(String name, String variant) {
        return TestData.write(dir.resolve(name + ".yaml"), "name: " + name + "\nseed: 5\npipeline:\n  variant: "
                + variant + "\n  alignment: scaled-dot\ninputs:\n  sequence: {file: docs.csv, columns: [f0, f1, f2, f3],"
                + " group: doc}\n");
    }

    /** Every document's output rows against the engine's run of the grouped file. */
    private static void assertSameAsEngine(Path config) {
        Job job = engine.load(config);
        Tensor expected = engine.run(job).output();
        List<Row> scored = AttentionSpark.scoreSequences(sequences, PipelineConfig.file(config),
                SequenceOptions.defaults().withBatchSequences(16)).select("doc", AttentionSpark.OUTPUT).collectAsList();
        assertEquals(DOCS, scored.size());
        for (Row r : scored) {
            int b = job.groups().indexOf(r.getString(0));
            List<Object> rows = r.getList(1);
            int length = job.inputs().lengths("sequence").orElseThrow()[b];
            assertEquals(expected.rows() == 1 ? 1 : length, rows.size(), "rows of " + r.getString(0));
            for (int i = 0; i < rows.size(); i++) {
                List<?> row = Cells.list(rows.get(i));
                for (int j = 0; j < expected.cols(); j++) {
                    assertEquals(expected.get(b, i, j), ((Number) row.get(j)).doubleValue(), TOLERANCE,
                            r.getString(0) + " row " + i + " column " + j);
                }
            }
        }
    }

    @Test
    void causal_self_attention_with_learned_projections() {
        assertSameAsEngine(config("self", "{id: self, causal: true, project: true, dim: 3}"));
    }

    @Test
    void attention_pooling_gives_one_row_per_document() {
        assertSameAsEngine(config("pooling", "{id: pooling, hidden: 4}"));
    }

    @Test
    void multi_head_self_attention_with_two_heads() {
        assertSameAsEngine(config("multihead", "{id: multi-head, heads: 2, dim: 4}"));
    }

    @Test
    void a_query_variant_is_pointed_at_score() {
        Path config = config("global", "global");
        AttentionException e = assertThrows(AttentionException.class,
                () -> AttentionSpark.scoreSequences(sequences, PipelineConfig.file(config), SequenceOptions.defaults()));
        assertTrue(e.getMessage().contains("AttentionSpark.score"), e.getMessage());
    }
}
