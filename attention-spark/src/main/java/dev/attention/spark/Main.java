package dev.attention.spark;

import dev.attention.api.AttentionException;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit} entry point: scores INPUT with a pipeline config, as {@code attention run}
 * does on one machine, and writes OUTPUT with the same columns as the command line's
 * {@code output.csv}. A {@code queries} variant writes {@code query} (the input row's 0-based number)
 * and one column per value column (plus {@value AttentionSpark#TOPK_INDEX} /
 * {@value AttentionSpark#TOPK_WEIGHT} with {@code --top-k}); a {@code sequence} variant groups INPUT's
 * rows by the config's {@code group:} column and writes the group, {@code query} (the row within it)
 * and {@code output_0 …}; with several group columns ({@code multilevel}'s {@code [document, sentence]})
 * a document's rows are nested by the inner ones and it gets one output row. OUTPUT is committed as one set ({@link OutputCommit}): a reader sees the old
 * set or the new one whole; {@code --check OUTPUT} says whether it is ({@link OutputSets}). Exit codes as
 * the command line's: 0 done, 1 bad input, 2 usage. {@code fit CONFIG DIR} fits instead, see
 * {@link AttentionSpark#fit(SparkSession, PipelineConfig, int, Path)}.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Row number of each input row, in file order. */
    static final String QUERY = "query";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("fit")) {
            System.exit(fit(args));
            return;
        }
        MainArgs parsed;
        try {
            parsed = MainArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("attention-spark: " + e.getMessage());
            System.err.println(MainArgs.USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("attention-spark").getOrCreate();
        int code;
        try {
            if (parsed.check()) {
                OutputSets.Verdict v = OutputSets.check(spark, parsed.output());
                System.out.println(v.message());
                code = v.whole() ? 0 : 1;
            } else {
                run(spark, parsed);
                code = 0;
            }
        } catch (RuntimeException e) {
            code = report(e);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** {@code fit CONFIG DIR}: fits on Spark and writes what {@code attention fit} writes; returns the exit code. */
    private static int fit(String[] args) {
        FitArgs parsed;
        try {
            parsed = FitArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("attention-spark: " + e.getMessage());
            System.err.println(FitArgs.USAGE);
            return 2;
        }
        SparkSession spark = SparkSession.builder().appName("attention-spark fit").getOrCreate();
        try {
            fit(spark, parsed).forEach(p -> System.out.println("wrote " + p));
            return 0;
        } catch (RuntimeException e) {
            return report(e);
        } finally {
            spark.stop();
        }
    }

    /** Fits and writes; returns the files written. */
    static List<Path> fit(SparkSession spark, FitArgs a) {
        return AttentionSpark.fit(spark, PipelineConfig.file(Path.of(a.config())), a.partitions(), Path.of(a.dir()));
    }

    /** One line on stderr for our errors, even when a task threw them inside Spark's wrapping. */
    static int report(RuntimeException e) {
        if (ours(e) == null) {
            throw e;
        }
        System.err.println("attention-spark: " + rootMessage(e));
        LOG.debug("failed", e);
        return 1;
    }

    /** The message of our exception inside {@code e} (a task's error arrives wrapped), else e's own. */
    static String rootMessage(Throwable e) {
        Throwable c = ours(e);
        return c == null ? String.valueOf(e) : c.getMessage();
    }

    private static Throwable ours(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof AttentionException || c instanceof IllegalArgumentException) {
                return c;
            }
        }
        return null;
    }

    /** Scores and writes; returns the rows written. */
    static long run(SparkSession spark, MainArgs a) {
        PipelineConfig config = PipelineConfig.file(Path.of(a.config()));
        JobConfig c = config.read();
        // A config for a sequence variant (self, pooling, multi-head…) names its input 'sequence'.
        boolean sequences = c.inputs().containsKey(AttentionSpark.SEQUENCE);
        InputConfig in = c.inputs().get(sequences ? AttentionSpark.SEQUENCE : "queries");
        Dataset<Row> rows = read(spark, a, in);
        Dataset<Row> out = sequences ? sequences(rows, config, c, in) : queries(rows, config, c, in, a.topK());
        if (a.outputFormat().equals("csv")) {
            out = joinArrays(out);
        }
        write(out, a.outputFormat(), OutputCommit.of(spark.sparkContext().hadoopConfiguration(), a.output()),
                a.overwrite());
        long n = spark.read().format(a.outputFormat()).option("header", "true").load(a.output()).count();
        LOG.info("wrote {} rows to {}", n, a.output());
        return n;
    }

    /** Writes {@code out} as OUTPUT's new set: into a fresh generation, switched in whole by {@code commit}. */
    static void write(Dataset<Row> out, String format, OutputCommit commit, boolean overwrite) {
        commit.commit(overwrite, generation -> {
            var writer = out.write().mode("errorifexists");
            if (format.equals("csv")) {
                writer.option("header", "true").csv(generation);
            } else {
                writer.parquet(generation);
            }
        });
    }

    private static Dataset<Row> read(SparkSession spark, MainArgs a, InputConfig in) {
        DataFrameReader r = spark.read();
        if (a.inputFormat().equals("csv")) {
            // Read as text and convert the chosen columns below, as the command line parses cells.
            return r.option("header", String.valueOf(in == null || in.header())).csv(a.input());
        }
        return r.parquet(a.input());
    }

    private static Dataset<Row> queries(Dataset<Row> rows, PipelineConfig config, JobConfig c, InputConfig in,
            int topK) {
        List<String> columns = columns(rows, in, List.of());
        Dataset<Row> numbered = numbered(rows, columns);
        Dataset<Row> scored = AttentionSpark.score(numbered, config, KeyValues.fromConfig(),
                ScoreOptions.defaults().withQueryColumns(columns.toArray(new String[0])).withTopK(topK));
        List<Column> select = new ArrayList<>();
        select.add(functions.col(QUERY));
        List<String> names = valueNames(c);
        int width = AttentionSpark.width(scored, AttentionSpark.PREDICTION);
        for (int j = 0; j < width; j++) {
            String name = names.size() == width ? names.get(j) : AttentionSpark.PREDICTION + "_" + j;
            select.add(functions.col(AttentionSpark.PREDICTION).getItem(j).as(name));
        }
        if (topK > 0) {
            select.add(functions.col(AttentionSpark.TOPK_INDEX));
            select.add(functions.col(AttentionSpark.TOPK_WEIGHT));
        }
        return scored.select(select.toArray(new Column[0]));
    }

    private static Dataset<Row> sequences(Dataset<Row> rows, PipelineConfig config, JobConfig c, InputConfig in) {
        String group = in == null ? null : in.group().orElse(null);
        if (group == null) {
            throw new IllegalArgumentException(config.shown() + ": inputs.sequence needs group: <column> so that "
                    + "Spark can split INPUT's rows into sequences");
        }
        List<String> features = columns(rows, in, in.groups());
        // File order within a group is the sequence order; the id grows with it across partitions.
        Dataset<Row> ordered = rows.withColumn("_row", functions.monotonically_increasing_id());
        // group: [document, sentence] nests a document's sentences (multilevel).
        Dataset<Row> seqs = in.groups().size() > 1 ? Sequences.fromNestedRows(ordered, in.groups(), "_row", features)
                : Sequences.fromRows(ordered, group, "_row", features);
        Dataset<Row> scored = AttentionSpark.scoreSequences(seqs, config, SequenceOptions.defaults());
        Dataset<Row> exploded = scored.select(functions.col(group), functions.col(Sequences.START),
                functions.posexplode(functions.col(AttentionSpark.OUTPUT)).as(new String[] {QUERY, "row"}));
        int width = AttentionSpark.width(scored, AttentionSpark.OUTPUT);
        List<Column> select = new ArrayList<>(List.of(functions.col(group), functions.col(QUERY)));
        for (int j = 0; j < width; j++) {
            select.add(functions.col("row").getItem(j).as(AttentionSpark.OUTPUT + "_" + j));
        }
        return exploded.orderBy(functions.col(Sequences.START), functions.col(QUERY))
                .select(select.toArray(new Column[0]));
    }

    /** CSV has no arrays: top-k lists become cells like {@code 17;3;42}. */
    private static Dataset<Row> joinArrays(Dataset<Row> out) {
        Dataset<Row> d = out;
        for (var f : out.schema().fields()) {
            if (f.dataType() instanceof org.apache.spark.sql.types.ArrayType) {
                d = d.withColumn(f.name(), functions.array_join(functions.col(f.name()), ";"));
            }
        }
        return d;
    }

    /** The config's columns for this input (indices map to INPUT's columns), else every column but the groups. */
    private static List<String> columns(Dataset<Row> rows, InputConfig in, List<String> groups) {
        String[] all = rows.columns();
        List<String> out = new ArrayList<>();
        if (in != null) {
            for (Object col : in.columns()) {
                out.add(col instanceof Integer ? all[(Integer) col] : (String) col);
            }
        }
        if (out.isEmpty()) {
            Arrays.stream(all).filter(n -> !groups.contains(n)).forEach(out::add);
        }
        return out;
    }

    /** The values' column names as the command line names the output columns, when the config lists them. */
    private static List<String> valueNames(JobConfig c) {
        InputConfig v = c.inputs().get("values");
        List<String> names = new ArrayList<>();
        if (v != null) {
            for (Object col : v.columns()) {
                if (!(col instanceof String)) {
                    return List.of();
                }
                names.add((String) col);
            }
        }
        return names;
    }

    /** Adds {@code query}, each row's 0-based number in INPUT's order, and makes the query columns doubles. */
    private static Dataset<Row> numbered(Dataset<Row> rows, List<String> columns) {
        Dataset<Row> typed = rows;
        for (String col : columns) {
            typed = typed.withColumn(col, functions.col(col).cast(DataTypes.DoubleType));
        }
        StructType schema = typed.schema().add(QUERY, DataTypes.LongType, false);
        var indexed = typed.javaRDD().zipWithIndex().map(t -> {
            Object[] v = new Object[t._1().length() + 1];
            for (int j = 0; j < t._1().length(); j++) {
                v[j] = t._1().get(j);
            }
            v[v.length - 1] = t._2();
            return RowFactory.create(v);
        });
        return rows.sparkSession().createDataFrame(indexed, schema);
    }

}
