package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One query per row, scored on local[2] and compared with the engine on one machine. */
class ScoreQueriesTest {
    private static final double TOLERANCE = 1e-6;
    private static final int QUERIES = 3000;
    private static final String INPUTS = """
            inputs:
              keys: {file: train.csv, columns: [x0, x1, x2, x3]}
              values: {file: train.csv, columns: [y0, y1]}
              queries: {file: queries.csv, columns: [x0, x1, x2, x3]}
            """;

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static AttentionEngine engine;
    private static Dataset<Row> queries;

    @BeforeAll
    static void data() {
        spark = SharedSpark.get();
        engine = Attention.engine();
        TestData.csv(dir.resolve("train.csv"), "x0,x1,x2,x3,y0,y1", 400, 1);
        TestData.csv(dir.resolve("queries.csv"), "id,x0,x1,x2,x3", QUERIES, 2);
        // Several partitions in a shuffled order: rows must not depend on where they land.
        queries = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(dir.resolve("queries.csv").toString()).repartition(3).cache();
    }

    private static Path config(String name, String pipeline) {
        return TestData.write(dir.resolve(name + ".yaml"), "name: " + name + "\n" + pipeline + INPUTS);
    }

    private static AttentionResult onOneMachine(Path config) {
        return engine.run(engine.load(config));
    }

    /** Prediction of each row by its id. */
    private static double[][] byId(Dataset<Row> scored, String column) {
        double[][] out = new double[QUERIES][];
        for (Row r : scored.select("id", column).collectAsList()) {
            List<Double> p = r.getList(1);
            out[r.getInt(0)] = p.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return out;
    }

    private static void assertMatches(Tensor expected, double[][] actual) {
        assertEquals(expected.rows(), actual.length);
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < expected.cols(); j++) {
                assertEquals(expected.get(i, j), actual[i][j], TOLERANCE, "query " + i + ", column " + j);
            }
        }
    }

    @Test
    void the_fused_global_pipeline_gives_the_engines_predictions_and_top_k() {
        Path config = config("fused", "pipeline: {variant: global, alignment: scaled-dot, distribution: softmax}\n");
        Dataset<Row> scored = AttentionSpark.score(queries, PipelineConfig.file(config), KeyValues.fromConfig(),
                ScoreOptions.defaults().withTopK(3).withBatchRows(128));
        AttentionResult expected = onOneMachine(config);
        assertMatches(expected.output(), byId(scored, AttentionSpark.PREDICTION));

        Tensor w = expected.weights().orElseThrow();
        for (Row r : scored.select("id", AttentionSpark.TOPK_INDEX, AttentionSpark.TOPK_WEIGHT).collectAsList()) {
            int i = r.getInt(0);
            int[] best = IntStream.range(0, w.cols()).boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> -w.get(i, j)).thenComparing(j -> j))
                    .limit(3).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(best, r.<Integer>getList(1).stream().mapToInt(Integer::intValue).toArray());
            for (int k = 0; k < 3; k++) {
                assertEquals(w.get(i, best[k]), r.<Double>getList(2).get(k), TOLERANCE);
            }
        }
    }

    @Test
    void learned_projections_and_float32_come_out_the_same_on_every_executor() {
        // cross with projections draws W_q, W_k, W_v from the seed and widths; additive adds more.
        Path config = config("learned", """
                seed: 11
                dtype: float32
                pipeline:
                  variant: {id: cross, project: true, dim: 3}
                  alignment: {id: additive, hidden: 5}
                  distribution: entmax15
                """);
        Dataset<Row> scored = AttentionSpark.score(queries, config, KeyValues.fromConfig());
        assertMatches(onOneMachine(config).output(), byId(scored, AttentionSpark.PREDICTION));
    }

    @Test
    void hard_attention_keeps_its_k_keys_per_query() {
        Path config = config("hard", "pipeline: {variant: {id: hard, k: 2}, alignment: dot, distribution: softmax}\n");
        Dataset<Row> scored = AttentionSpark.score(queries, config, KeyValues.fromConfig());
        assertMatches(onOneMachine(config).output(), byId(scored, AttentionSpark.PREDICTION));
    }

    @Test
    void an_array_column_and_keys_from_java_give_the_builders_result() {
        double[][] keys = {{1, 0}, {0, 1}, {1, 1}};
        double[][] values = {{10}, {20}, {30}};
        List<Row> rows = new ArrayList<>();
        double[][] qs = new double[50][];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = new double[] {Math.sin(i), Math.cos(i)};
            rows.add(RowFactory.create(i, List.of(qs[i][0], qs[i][1])));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("q", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(2);
        PipelineConfig yaml = PipelineConfig.yaml("pipeline: {alignment: dot, distribution: {id: softmax, temperature: 0.5}}\n");
        Dataset<Row> scored = AttentionSpark.score(data, yaml, KeyValues.of(keys, values),
                ScoreOptions.defaults().withQueryColumns("q").withPredictionColumn("y"));

        Tensor expected = engine.pipeline().alignment("dot").distribution("softmax", Map.of("temperature", 0.5))
                .build().run(dev.attention.api.AttentionInputs.builder()
                        .put("queries", Tensor.matrix(dev.attention.api.DType.FLOAT64, qs))
                        .put("keys", Tensor.matrix(dev.attention.api.DType.FLOAT64, keys))
                        .put("values", Tensor.matrix(dev.attention.api.DType.FLOAT64, values)).build()).output();
        for (Row r : scored.select("id", "y").collectAsList()) {
            assertEquals(expected.get(r.getInt(0), 0), r.<Double>getList(1).get(0), TOLERANCE);
        }
        assertEquals(1, AttentionSpark.width(scored, "y"));
    }

    @Test
    void a_variant_that_looks_at_query_positions_is_refused_before_any_task_runs() {
        Path config = config("local", "pipeline: {variant: {id: local-m, window: 1}, alignment: dot}\n");
        AttentionException e = assertThrows(AttentionException.class,
                () -> AttentionSpark.score(queries, config, KeyValues.fromConfig()));
        assertTrue(e.getMessage().contains("depending on their order"), e.getMessage());
    }

    @Test
    void a_sequence_variant_is_pointed_at_score_sequences() {
        Path config = config("self", "pipeline: {variant: self}\n");
        AttentionException e = assertThrows(AttentionException.class,
                () -> AttentionSpark.score(queries, config, KeyValues.fromConfig()));
        assertTrue(e.getMessage().contains("scoreSequences"), e.getMessage());
    }

    @Test
    void a_missing_cell_fails_naming_the_column() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i, i == 33 ? null : 0.5 * i, 1.0));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType);
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        Dataset<Row> scored = AttentionSpark.score(data, PipelineConfig.yaml("pipeline: {alignment: dot}\n"),
                KeyValues.of(new double[][] {{1, 0}}, new double[][] {{1}}),
                ScoreOptions.defaults().withQueryColumns("a", "b"));
        Exception e = assertThrows(Exception.class, scored::collectAsList);
        Throwable cause = e;
        while (!(cause instanceof dev.attention.api.DataException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        assertTrue(message.contains("column 'a'") && message.contains("null cell"), message);
    }

    @Test
    void a_bad_config_fails_on_the_driver_with_its_position() {
        Path config = config("typo", "pipeline: {variant: global, alignment: scaled-dott}\n");
        Exception e = assertThrows(dev.attention.api.ConfigException.class,
                () -> AttentionSpark.score(queries, config, KeyValues.fromConfig()));
        assertTrue(e.getMessage().contains("typo.yaml:2") && e.getMessage().contains("scaled-dot"), e.getMessage());
    }
}
