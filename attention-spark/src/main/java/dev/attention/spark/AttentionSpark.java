package dev.attention.spark;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.InputSpec;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.config.LevelConfig;
import dev.attention.assembly.config.Position;
import dev.attention.train.fit.FitResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attention on Apache Spark: the engine's pipelines, from the same configs, applied to datasets
 * too large for one machine.
 *
 * <ul>
 *   <li>{@link #score} — one query per row, attending over keys and values that are read on the
 *   driver and broadcast once (variants that take {@code queries}, {@code keys}, {@code values},
 *   such as {@code global}, {@code cross}, {@code hard}, {@code area}).</li>
 *   <li>{@link #scoreSequences} — one whole sequence per row (variants that take a
 *   {@code sequence}: {@code self}, {@code pooling}, {@code multi-head}, {@code multidimensional};
 *   {@code multilevel} with nested rows, a document's sentences of tokens).</li>
 * </ul>
 *
 * <p>Each executor JVM assembles the pipeline once (same choices, seed and widths, so the same
 * numbers as {@code attention run}) and reuses it for every partition; rows are run in batches, so
 * the fused kernel applies where it matches. Both methods are lazy like any transformation, except
 * that they read the config and keys and look at a few rows on the driver first, so a bad config, a
 * wrong column or a pipeline that cannot be split by rows fails at once.
 */
public final class AttentionSpark {
    /** The column {@link #score} adds by default: the model's prediction per query. */
    public static final String PREDICTION = "prediction";
    /** Indices of the k largest weights per query, largest first ({@code array<int>}). */
    public static final String TOPK_INDEX = "topk_index";
    /** The k largest weights per query, largest first ({@code array<double>}). */
    public static final String TOPK_WEIGHT = "topk_weight";
    /** The default sequence column of {@link #scoreSequences}, and the variants' input name. */
    public static final String SEQUENCE = "sequence";
    /** The column {@link #scoreSequences} adds by default. */
    public static final String OUTPUT = "output";

    private static final String WIDTH = "attention.width";
    private static final Logger LOG = LoggerFactory.getLogger(AttentionSpark.class);
    /** Rows looked at on the driver to fix array widths and check the pipeline splits by rows. */
    private static final int SAMPLE = 16;
    private static final Set<String> QUERY_INPUTS = Set.of("queries", "keys", "values");
    private static final Set<String> SEQUENCE_INPUTS = Set.of(SEQUENCE);

    private AttentionSpark() {
    }

    /** {@link #score(Dataset, PipelineConfig, KeyValues, ScoreOptions)} with a config file and defaults. */
    public static Dataset<Row> score(Dataset<Row> queries, Path config, KeyValues keysAndValues) {
        return score(queries, PipelineConfig.file(config), keysAndValues, ScoreOptions.defaults());
    }

    /** {@link #score(Dataset, PipelineConfig, KeyValues, ScoreOptions)} with default options. */
    public static Dataset<Row> score(Dataset<Row> queries, PipelineConfig config, KeyValues keysAndValues) {
        return score(queries, config, keysAndValues, ScoreOptions.defaults());
    }

    /**
     * Every row of {@code queries} with its prediction appended ({@code array<double>}, the values'
     * width, or the head's outputs when the config's {@code parameters:} file stores a head) and,
     * with {@code options.topK() > 0}, {@value #TOPK_INDEX} and {@value #TOPK_WEIGHT}.
     */
    public static Dataset<Row> score(Dataset<Row> queries, PipelineConfig config, KeyValues keysAndValues,
            ScoreOptions options) {
        JobConfig c = config.read();
        KeyValueData kv = keysAndValues.load(c);
        QueryColumns columns = QueryColumns.resolve(queries.schema(), options.queryColumns(), c);
        String[] added = options.topK() > 0 ? new String[] {options.predictionColumn(), TOPK_INDEX, TOPK_WEIGHT}
                : new String[] {options.predictionColumn()};
        withColumns(queries.schema(), added, new DataType[added.length], 0);

        List<Row> sample = queries.limit(SAMPLE).collectAsList();
        if (columns.isArray()) {
            int field = queries.schema().fieldIndex(columns.names().get(0));
            columns.width(sample.stream().filter(r -> !r.isNullAt(field)).findFirst()
                    .map(r -> Cells.list(r.get(field)).size()).orElse(kv.keys().cols()));
        }
        Map<String, Integer> widths = new LinkedHashMap<>();
        widths.put("queries", columns.width());
        widths.put("keys", kv.keys().cols());
        widths.put("values", kv.values().cols());
        PipelineSpec spec = PipelineSpec.of(c, widths, options.topK() > 0);
        Pipeline p = spec.check(PipelineCache.engine(), c);
        takes(p, c, QUERY_INPUTS, "score", "scoreSequences");
        QueryPlan plan = new QueryPlan(PlanKey.of(spec, kv), spec, kv, columns, options.topK(), options.batchRows());
        QueryPlan.Prepared prepared = new QueryPlan.Prepared(p, kv.keys().tensor(), kv.values().tensor(), spec.head());
        int width = probe(prepared, columns, sample, options.topK()).orElse(kv.values().cols());
        StructType out = withColumns(queries.schema(), added,
                new DataType[] {doubles(), DataTypes.createArrayType(DataTypes.IntegerType, false), doubles()}, width);
        LOG.info("scoring queries {} with {} ({}) over {} keys from {}", columns.names(), config.shown(),
                p.describe(), kv.keys().rows(), kv.source());
        Broadcast<QueryPlan> b = JavaSparkContext.fromSparkContext(queries.sparkSession().sparkContext())
                .broadcast(plan);
        return keepWidths(queries.mapPartitions(new QueryScoring(b), Encoders.row(out)), out);
    }

    /**
     * Every row of {@code sequences} with the variant's output rows for its sequence appended
     * ({@code array<array<double>>}: one row per element of the sequence for {@code self},
     * {@code multi-head} and {@code multidimensional}, one for {@code pooling}); with a head stored in
     * the config's {@code parameters:} file also {@value #PREDICTION}, the head's rows. For
     * {@code multilevel} the column nests one array per level ({@code array<array<array<double>>>}:
     * a document's sentences, each its tokens' rows; {@link Sequences#fromNestedRows} builds it) and
     * the output is the document's one pooled row; padded sentences and tokens are masked.
     */
    public static Dataset<Row> scoreSequences(Dataset<Row> sequences, PipelineConfig config, SequenceOptions options) {
        JobConfig c = config.read();
        StructType schema = sequences.schema();
        String column = options.sequenceColumn();
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("sequence column '" + column + "' is not in the dataset; it has "
                    + String.join(", ", schema.fieldNames()));
        }
        int field = schema.fieldIndex(column);
        DataType t = schema.fields()[field].dataType();
        // Arrays around the feature rows: 1 for a flat sequence, 2 for sentences of tokens, …
        int levels = -1;
        for (DataType e = t; e instanceof ArrayType a; e = a.elementType()) {
            levels++;
        }
        if (levels < 1 || !(innermost(t) instanceof NumericType)) {
            throw new IllegalArgumentException("sequence column '" + column + "' is " + t.simpleString()
                    + "; it needs array<array<double>>, one inner array per row of the sequence"
                    + " (Sequences.fromRows builds it from one row per element), or for multilevel"
                    + " array<array<array<double>>>, sentences of token rows (Sequences.fromNestedRows)");
        }
        List<Row> sample = sequences.limit(SAMPLE).collectAsList();
        int width = 0;
        for (Row r : sample) {
            Object first = r.isNullAt(field) ? null : r.get(field);
            for (int k = 0; k < levels && first != null; k++) {
                List<?> l = Cells.list(first);
                first = l.isEmpty() ? null : l.get(0);
            }
            if (first != null) {
                width = Cells.list(first).size();
                break;
            }
        }
        PipelineSpec spec = PipelineSpec.of(c, Map.of(SEQUENCE, width), false, levels(c, levels, column));
        SequencePlan plan = new SequencePlan(PlanKey.of(spec), spec, column, field, width, levels,
                options.batchSequences());
        String[] added = spec.head().isPresent() ? new String[] {options.outputColumn(), PREDICTION}
                : new String[] {options.outputColumn()};
        withColumns(schema, added, new DataType[added.length], 0);
        int outWidth = 0;
        if (!sample.isEmpty()) {
            Pipeline p = spec.check(PipelineCache.engine(), c);
            takes(p, c, SEQUENCE_INPUTS, "scoreSequences", "score");
            outWidth = probe(new SequencePlan.Prepared(p, spec.head()), plan, sample);
            LOG.info("scoring sequences '{}' with {} ({})", column, config.shown(), p.describe());
        }
        StructType out = withColumns(schema, added, new DataType[] {matrices(), matrices()}, outWidth);
        Broadcast<SequencePlan> b = JavaSparkContext.fromSparkContext(sequences.sparkSession().sparkContext())
                .broadcast(plan);
        return keepWidths(sequences.mapPartitions(new SequenceScoring(b), Encoders.row(out)), out);
    }

    /** Refuses a variant whose inputs are not those this way of scoring supplies. */
    private static void takes(Pipeline p, JobConfig c, Set<String> supplied, String method, String other) {
        Set<String> taken = p.inputs().stream().map(InputSpec::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> required = p.inputs().stream().filter(InputSpec::required).map(InputSpec::name)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!taken.containsAll(supplied) || !supplied.containsAll(required)) {
            throw new AttentionException("variant '" + c.variant().id() + "' takes " + String.join(", ", taken)
                    + " but AttentionSpark." + method + " supplies " + String.join(", ", new TreeSet<>(supplied))
                    + (taken.containsAll(supplied) ? "" : "; use AttentionSpark." + other + " if it fits"));
        }
    }

    /** Checks the pipeline on the sample; the prediction's width, unless the sample is empty. */
    private static OptionalInt probe(QueryPlan.Prepared prepared, QueryColumns columns, List<Row> sample, int topK) {
        double[][] rows = new double[sample.size()][columns.width()];
        for (int i = 0; i < rows.length; i++) {
            columns.read(sample.get(i), rows[i], "sample row " + (i + 1));
        }
        if (rows.length == 0) {
            return OptionalInt.empty();
        }
        AttentionResult first = QueryPlan.run(prepared, rows, rows.length);
        if (topK > 0) {
            Tensor w = first.weights().orElse(null);
            if (w == null || w.rank() != 2 || w.rows() != rows.length) {
                throw new AttentionException("pipeline " + prepared.pipeline().describe() + " gives weights "
                        + (w == null ? "none" : ShapeException.format(w.shape()))
                        + "; top-k needs one row of weights per query");
            }
        }
        RowSplitting.requireSplittable(prepared.pipeline(), "queries");
        return OptionalInt.of(first.output().cols());
    }

    /** Checks the pipeline on the sample; the output rows' width. */
    private static int probe(SequencePlan.Prepared prepared, SequencePlan plan, List<Row> sample) {
        List<List<?>> seqs = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            seqs.add(SequenceScoring.read(sample.get(i), plan, "sample row " + (i + 1)));
        }
        RowSplitting.requireSplittable(prepared.pipeline(), "sequences");
        return SequencePlan.run(prepared, seqs.subList(0, 1), plan.levels()).output().cols();
    }

    /**
     * A nested column's levels for a hierarchical variant, as {@code attention run} takes them from
     * the group columns: the config's {@code pipeline.levels}, one per nesting level, or the
     * pipeline's alignment and distribution at every level when it gives none.
     */
    private static List<LevelConfig> levels(JobConfig c, int nesting, String column) {
        if (nesting == 1) {
            return c.levels();
        }
        if (c.levels().isEmpty()) {
            List<LevelConfig> out = new ArrayList<>();
            for (int k = 1; k <= nesting; k++) {
                out.add(new LevelConfig("pipeline.levels[" + k + "]", c.alignment(), c.distribution(), Map.of(),
                        Map.of(), c.variant().position()));
            }
            return out;
        }
        if (c.levels().size() != nesting) {
            Position at = c.levelsAt();
            throw new ConfigException(at.file(), at.line(), at.column(), "pipeline.levels", c.levels().size()
                    + " level" + (c.levels().size() == 1 ? "" : "s") + " given but sequence column '" + column
                    + "' nests " + nesting + " deep", "give one level per nesting level, innermost first");
        }
        return c.levels();
    }

    /** The element type under every array level. */
    private static DataType innermost(DataType t) {
        DataType e = t;
        while (e instanceof ArrayType a) {
            e = a.elementType();
        }
        return e;
    }

    private static Tensor row(Tensor t, int i) {
        double[] v = new double[t.cols()];
        for (int j = 0; j < v.length; j++) {
            v[j] = t.get(i, j);
        }
        return Tensor.of(t.dtype(), new int[] {1, v.length}, v);
    }

    /**
     * The width of the rows in a column this class added (the prediction's entries, or each output
     * row's), from its metadata: known on the driver, so callers can flatten it without a job.
     */
    public static int width(Dataset<Row> scored, String column) {
        Metadata m = scored.schema().apply(column).metadata();
        if (!m.contains(WIDTH)) {
            throw new IllegalArgumentException("column '" + column + "' was not added by AttentionSpark");
        }
        return (int) m.getLong(WIDTH);
    }

    /**
     * Fits the pipeline of a config file's {@code fit:} section on Spark, data-parallel: the driver
     * loads the job and runs the fit as {@code attention fit} does (split, shuffled epochs, optimiser,
     * schedule, clipping, validation, early stopping), and each optimiser step's examples are cut into
     * up to {@code partitions} parts whose losses and gradients executors compute with the pipeline's
     * backward pass; the parts are combined in a fixed order. The training data is broadcast once;
     * parameters travel with each step. Equals the local fit up to the order of summation (1e-9 in
     * float64), full batch and mini-batch alike.
     *
     * @param partitions parts per step; 0 = the context's default parallelism
     */
    public static FitResult fit(SparkSession spark, PipelineConfig config, int partitions) {
        return SparkFit.fit(spark, config, partitions).result();
    }

    /**
     * As {@link #fit(SparkSession, PipelineConfig, int)}, then writes {@code training.json},
     * {@code parameters.safetensors} and {@code checkpoint.safetensors} into {@code dir} on the
     * driver's file system, all or nothing, as {@code attention fit} does; the parameters load with
     * {@code parameters:} in any config.
     *
     * @return the files written
     */
    public static List<Path> fit(SparkSession spark, PipelineConfig config, int partitions, Path dir) {
        return SparkFit.write(SparkFit.fit(spark, config, partitions), dir);
    }

    /** The encoder does not carry column metadata through; put the widths back. */
    private static Dataset<Row> keepWidths(Dataset<Row> scored, StructType out) {
        Dataset<Row> d = scored;
        for (var f : out.fields()) {
            if (f.metadata().contains(WIDTH)) {
                d = d.withMetadata(f.name(), f.metadata());
            }
        }
        return d;
    }

    /** {@code schema} plus the columns (types null: only check the names are free). */
    private static StructType withColumns(StructType schema, String[] names, DataType[] types, int width) {
        StructType out = schema;
        for (int k = 0; k < names.length; k++) {
            if (Arrays.asList(schema.fieldNames()).contains(names[k])) {
                throw new IllegalArgumentException("the dataset already has a column '" + names[k]
                        + "'; choose another output column name in the options");
            }
            if (types[k] != null) {
                Metadata m = k == 0
                        ? new MetadataBuilder().putLong(WIDTH, width).build() : Metadata.empty();
                out = out.add(names[k], types[k], false, m);
            }
        }
        return out;
    }

    private static ArrayType doubles() {
        return DataTypes.createArrayType(DataTypes.DoubleType, false);
    }

    private static ArrayType matrices() {
        return DataTypes.createArrayType(doubles(), false);
    }
}
