package dev.attention.core;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Pipeline;
import dev.attention.api.PluginException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.data.CsvChunks;
import dev.attention.assembly.pipeline.StreamedRun;
import dev.attention.io.table.ResultWriter;
import dev.attention.io.table.RowSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs loaded jobs and writes their results: whole, in one piece with weights recomputed while
 * writing, or with the queries read, run and written a chunk at a time. A plugin's run-time error is
 * placed on the job's config, pipeline and inputs. Behind {@link AttentionEngine#run},
 * {@link AttentionEngine#write} and {@link AttentionEngine#runAndWrite}.
 */
@Singleton
final class JobRunner {
    /** The engine's logger: these lines are the engine's, and {@code -v} users read them under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(AttentionEngine.class);
    private static final String PREDICTION = AttentionEngine.PREDICTION;
    /** Numbers per chunk of a streamed run (see {@link #runInChunks}): 8 MiB of doubles. */
    private static final int CHUNK_ENTRIES = 1 << 20;
    private final InputReader reader;
    private final ResultWriter resultWriter;
    private final PathLog pathLog;

    @Inject
    JobRunner(InputReader reader, ResultWriter resultWriter, PathLog pathLog) {
        this.reader = reader;
        this.resultWriter = resultWriter;
        this.pathLog = pathLog;
    }

    /** The job's result, with the head's prediction when it has a head; see {@link AttentionEngine#run}. */
    AttentionResult run(Job job) {
        AttentionInputs in = wholeInputs(job);
        return withPrediction(job, placed(job, in, Map.of(), () -> job.pipeline().run(in)));
    }

    /** See {@link AttentionEngine#write}. */
    List<Path> write(Job job, AttentionResult result, Path dir, String format) {
        return write(job, result, dir, format, Map.of());
    }

    /** See {@link AttentionEngine#write(Job, AttentionResult, Path, String, Map)}. */
    List<Path> write(Job job, AttentionResult result, Path dir, String format, Map<String, byte[]> extra) {
        List<String> names = new ArrayList<>();
        for (String n : result.names()) {
            if (!n.equals(AttentionResult.WEIGHTS) || job.config().output().weights()) {
                names.add(n);
            }
        }
        Map<String, dev.attention.io.table.RowSource> tables = new java.util.LinkedHashMap<>();
        for (String n : names) {
            tables.put(n, dev.attention.io.table.RowSource.of(result.get(n)));
        }
        return resultWriter.write(job.config().name(), tables, columnNames(job), dir, format, extra);
    }

    /** See {@link AttentionEngine#runAndWrite}; the path taken is logged. */
    JobRun runAndWrite(Job job, Path dir, String format) {
        return pathLog.traced(job, "run", () -> runAndWriteOnce(job, dir, format));
    }

    /** The result with the head's {@value AttentionEngine#PREDICTION} added, when the job has a head. */
    private static AttentionResult withPrediction(Job job, AttentionResult r) {
        if (job.head().isEmpty()) {
            return r;
        }
        Map<String, Tensor> all = new LinkedHashMap<>(r.asMap());
        all.put(PREDICTION, job.head().get().apply(r.output()));
        return AttentionResult.of(all);
    }

    /** The job's inputs with streamed queries read whole, for the paths that need them in memory. */
    private AttentionInputs wholeInputs(Job job) {
        if (job.streamedQueries().isEmpty()) {
            return job.inputs();
        }
        InputConfig q = job.streamedQueries().get();
        return job.inputs().toBuilder().put(q.name(), reader.load(q, job.config().dtype()).tensor()).build();
    }

    /**
     * Runs {@code step}, giving a plugin's run-time error the config, pipeline and inputs it happened
     * on: a plugin knows neither the config nor the files.
     *
     * @param notes text to put before an input's source, e.g. which rows of it a chunk holds
     */
    private static <T> T placed(Job job, AttentionInputs inputs, Map<String, String> notes, Supplier<T> step) {
        try {
            return step.get();
        } catch (ConfigException | DataException | PluginException e) {
            throw e;
        } catch (ShapeException e) {
            ShapeException placed = new ShapeException(where(job, inputs, notes, e) + e.getMessage());
            placed.initCause(e);
            throw placed;
        } catch (AttentionException e) {
            throw new AttentionException(where(job, inputs, notes, e) + e.getMessage(), e);
        }
    }

    private static String where(Job job, AttentionInputs inputs, Map<String, String> notes, AttentionException e) {
        StringBuilder sb = new StringBuilder();
        job.config().file().ifPresent(f -> sb.append(f).append(": "));
        Pipeline p = job.pipeline();
        if (!e.getMessage().contains("pipeline '" + p.name() + "'")) {
            sb.append("pipeline '").append(p.name()).append("' (").append(p.describe()).append(") ");
        }
        sb.append("on ");
        String sep = "";
        for (String name : inputs.names()) {
            sb.append(sep).append(name).append(' ').append(notes.getOrDefault(name, ""))
                    .append(job.sources().getOrDefault(name, "?")).append(' ')
                    .append(ShapeException.format(inputs.tensor(name).shape()));
            sep = ", ";
        }
        return sb.append(": ").toString();
    }

    private JobRun runAndWriteOnce(Job job, Path dir, String format) {
        if (job.streamedQueries().isPresent() && resultWriter.writesInChunks(format)) {
            return runInChunks(job, dir, format);
        }
        boolean weights = job.config().output().weights();
        AttentionInputs in = wholeInputs(job);
        StreamedRun run = placed(job, in, Map.of(), () -> StreamedRun.of(job.pipeline(), in, weights));
        LOG.info("{}: ran in one piece{}", job.config().name(), run.weightsStreamed()
                ? "; weights recomputed block by block from the fused kernel while writing" : "");
        AttentionResult result = withPrediction(job, run.result());
        // In write()'s order: output, weights, then the rest.
        Map<String, RowSource> tables = new LinkedHashMap<>();
        tables.put(AttentionResult.OUTPUT, RowSource.of(result.output()));
        run.weights().ifPresent(w -> tables.put(AttentionResult.WEIGHTS, w));
        for (String n : result.names()) {
            if (!n.equals(AttentionResult.WEIGHTS)) {
                tables.putIfAbsent(n, RowSource.of(result.get(n)));
            }
        }
        return new JobRun(result, resultWriter.write(job.config().name(), tables, columnNames(job), dir, format));
    }

    /**
     * The queries read, run and written a chunk of rows at a time. A chunk holds about
     * {@value #CHUNK_ENTRIES} numbers per row of scores, queries and output together, so memory is
     * the keys and values plus a constant, whatever the number of queries.
     */
    private JobRun runInChunks(Job job, Path dir, String format) {
        InputConfig q = job.streamedQueries().orElseThrow();
        boolean weights = job.config().output().weights();
        AttentionInputs others = job.inputs();
        int perRow = others.names().stream().mapToInt(n -> others.tensor(n).rows() + others.tensor(n).cols()).sum();
        int rowsPerChunk = Math.max(1, CHUNK_ENTRIES / Math.max(1, perRow));
        List<String> names = new ArrayList<>(List.of(AttentionResult.OUTPUT));
        if (weights) {
            names.add(AttentionResult.WEIGHTS);
        }
        if (job.head().isPresent()) {
            names.add(PREDICTION);
        }
        AttentionResult[] first = new AttentionResult[1];
        long[] rows = new long[1];
        int[] chunks = new int[1];
        List<Path> files = resultWriter.writeInChunks(names, columnNames(job), dir, format, sink -> {
            try (CsvChunks chunkReader = reader.openChunks(q, rowsPerChunk)) {
                for (Optional<Tensor> chunk = reader.nextChunk(chunkReader, q, job.config().dtype()); chunk.isPresent();
                        chunk = reader.nextChunk(chunkReader, q, job.config().dtype())) {
                    Tensor queries = chunk.get();
                    long from = rows[0];
                    AttentionInputs in = others.toBuilder().put(q.name(), queries).build();
                    // A chunk that is the whole file is named as a whole load names it.
                    Map<String, String> notes = from == 0 && chunkReader.exhausted() ? Map.of()
                            : Map.of(q.name(), "rows " + (from + 1) + "–" + (from + queries.rows()) + " of ");
                    StreamedRun run = placed(job, in, notes, () -> StreamedRun.of(job.pipeline(), in, weights));
                    AttentionResult r = withPrediction(job, run.result());
                    sink.append(AttentionResult.OUTPUT, RowSource.of(r.output()));
                    if (weights) {
                        sink.append(AttentionResult.WEIGHTS, run.weights().orElseThrow());
                    }
                    if (job.head().isPresent()) {
                        sink.append(PREDICTION, RowSource.of(r.get(PREDICTION)));
                    }
                    if (first[0] == null) {
                        first[0] = r;
                    }
                    rows[0] += queries.rows();
                    chunks[0]++;
                }
            }
        });
        LOG.info("{}: ran in {} chunk(s) of up to {} query rows read from {} ({} rows)", job.config().name(),
                chunks[0], rowsPerChunk, q.file().orElseThrow(), rows[0]);
        return new JobRun(first[0], files, rows[0]);
    }

    private static Map<String, List<String>> columnNames(Job job) {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        List<String> valueCols = job.columns().get("values");
        if (valueCols != null) {
            cols.put(AttentionResult.OUTPUT, valueCols);
        }
        return cols;
    }
}
