package dev.attention.core;

import com.google.inject.Inject;
import dev.attention.api.Alignment;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Distribution;
import dev.attention.api.InputSpec;
import dev.attention.api.Pipeline;
import dev.attention.api.PluginException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.config.FitConfig;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.config.LevelConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.data.CsvChunks;
import dev.attention.assembly.data.DataLoader;
import dev.attention.assembly.data.LoadedInput;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.pipeline.PipelineOptions;
import dev.attention.assembly.pipeline.StreamedRun;
import dev.attention.assembly.plugin.BrokenPlugin;
import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.table.ResultWriter;
import dev.attention.io.table.RowSource;
import dev.attention.io.tensor.TensorFormat;
import dev.attention.io.util.Suggestions;
import dev.attention.kernel.KernelUse;
import dev.attention.render.AttentionHeatmaps;
import dev.attention.render.Heatmap;
import dev.attention.render.HeatmapContext;
import dev.attention.stream.StreamBuilder;
import dev.attention.stream.StreamFactory;
import dev.attention.stream.StreamSession;
import dev.attention.train.fit.CheckpointFile;
import dev.attention.train.fit.FitFiles;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.Fitter;
import dev.attention.train.fit.Head;
import dev.attention.train.fit.TrainingData;
import dev.attention.train.search.SearchFiles;
import dev.attention.train.search.SearchListener;
import dev.attention.train.search.SearchResult;
import dev.attention.train.search.SearchTask;
import dev.attention.train.search.Searcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: lists plugins, assembles pipelines from configuration files or the fluent
 * {@link #pipeline()} builder, loads data and writes results. Obtain one from
 * {@link Attention#engine()}. Thread-safe; create one per application.
 */
public final class AttentionEngine {
    /** Result name of a stored head's output in {@link #run(Job)}. */
    public static final String PREDICTION = "prediction";
    private static final Logger LOG = LoggerFactory.getLogger(AttentionEngine.class);
    private static final String QUERIES = "queries";
    /** Numbers per chunk of a streamed run (see {@link #runInChunks}): 8 MiB of doubles. */
    private static final int CHUNK_ENTRIES = 1 << 20;
    private final PluginRegistry registry;
    private final ConfigLoader configLoader;
    private final DataLoader dataLoader;
    private final ResultWriter resultWriter;
    private final PipelineFactory factory;

    @Inject
    AttentionEngine(PluginRegistry registry, ConfigLoader configLoader, DataLoader dataLoader,
            ResultWriter resultWriter, PipelineFactory factory) {
        this.registry = registry;
        this.configLoader = configLoader;
        this.dataLoader = dataLoader;
        this.resultWriter = resultWriter;
        this.factory = factory;
    }

    /** Every discovered plugin, by kind then id. */
    public List<PluginInfo> plugins() {
        return registry.all();
    }

    /** Plugins of the plugin folder that were left out (their provider threw, id taken, API incompatible), with why. */
    public List<BrokenPlugin> brokenPlugins() {
        return registry.broken();
    }

    /** A fluent builder producing the same {@link Pipeline} a configuration file would. */
    public PipelineBuilder pipeline() {
        return new PipelineBuilder(factory);
    }

    /** One alignment by id, for embedders who compose their own computation. */
    public Alignment alignment(String id, Map<String, ?> parameters, DType dtype) {
        return factory.alignment(ComponentConfig.of("alignment", id, parameters), dtype, 0);
    }

    /** One distribution by id. */
    public Distribution distribution(String id, Map<String, ?> parameters, DType dtype) {
        return factory.distribution(ComponentConfig.of("distribution", id, parameters), dtype, 0);
    }

    /**
     * Reads a configuration, assembles its pipeline, checks its inputs against the variant and
     * loads the data: everything short of running. Errors name the file, position and key.
     */
    public Job load(Path configFile) {
        return load(configFile, false);
    }

    /**
     * Loads a job like {@link #load}, except that the queries of a large run may stay in their file:
     * when the variant is {@code global} (each output row depends on its own query row only), the
     * queries are an ungrouped CSV file without a label column and the keys and values are unbatched,
     * only the queries' header is read now (errors in it are reported here, as by {@link #load}), and
     * {@link #runAndWrite} reads the rows a chunk at a time, so memory is bounded by the keys and
     * values, not by the queries. Other jobs load whole. Use with {@link #runAndWrite}.
     */
    public Job loadStreaming(Path configFile) {
        return load(configFile, true);
    }

    private Job load(Path configFile, boolean streamQueries) {
        JobConfig c = configLoader.load(configFile);
        Optional<InputConfig> streamed = streamQueries ? streamable(c) : Optional.empty();
        // Data first: its widths size the plugins' learnable parameters.
        AttentionInputs.Builder in = AttentionInputs.builder();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        Map<String, List<List<String>>> labels = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        String groupedFirst = null;
        List<String> groups = List.of();
        InputConfig deepest = null;
        for (InputConfig ic : c.inputs().values()) {
            if (streamed.isPresent() && streamed.get() == ic) {
                try (CsvChunks header = openChunks(ic, 1)) {
                    columns.put(ic.name(), header.columns());
                    sources.put(ic.name(), ic.file().orElseThrow().toString());
                    widths.put(ic.name(), header.width());
                }
                continue;
            }
            LoadedInput li = load(ic, c.dtype());
            if (!li.groups().isEmpty()) {
                // Batch elements are paired by position, so every grouped input must list the same
                // groups in the same order, or queries would silently attend to another group's keys.
                if (groupedFirst == null) {
                    groupedFirst = ic.name();
                    groups = li.groups();
                } else if (!li.groups().equals(groups)) {
                    Position pos = ic.position();
                    throw new ConfigException(pos.file(), pos.line(), pos.column(), "inputs." + ic.name(),
                            "input '" + ic.name() + "' has groups " + String.join(", ", li.groups()) + " but '"
                                    + groupedFirst + "' has groups " + String.join(", ", groups),
                            "grouped inputs need the same groups in the same order");
                }
            }
            if (li.nesting() > 1) {
                List<int[]> levels = new ArrayList<>();
                levels.add(li.lengths().get());
                levels.addAll(li.outerLengths());
                in.putNested(ic.name(), li.tensor(), levels);
            } else if (li.lengths().isPresent()) {
                in.put(ic.name(), li.tensor(), li.lengths().get());
            } else {
                in.put(ic.name(), li.tensor());
            }
            columns.put(ic.name(), li.columns());
            if (!li.labels().isEmpty()) {
                labels.put(ic.name(), li.labels());
            }
            sources.put(ic.name(), li.source());
            widths.put(ic.name(), li.tensor().cols());
            if (deepest == null || ic.groups().size() > deepest.groups().size()) {
                deepest = ic;
            }
        }
        List<LevelConfig> levels = c.levels();
        if (factory.takesLevels(c.variant())) {
            levels = levels(c, deepest == null ? List.of() : deepest.groups());
        }
        Pipeline p = factory.create(c.name(), c.dtype(), c.seed(), c.variant(), c.alignment(), c.distribution(),
                widths, levels, new PipelineOptions(c.output().weights(), true));
        checkInputs(c, p);
        Optional<Head> head = Optional.empty();
        if (c.parameters().isPresent()) {
            StoredParameters.Applied stored = StoredParameters.apply(c.parameters().get(), p,
                    StoredParameters.Imports.of(registry, c.variant().id()));
            p = stored.pipeline();
            head = stored.head();
        }
        Optional<LoadedInput> targets = c.fit().map(f -> dataLoader.load(f.targets()));
        AttentionInputs inputs = in.build();
        if (streamed.isPresent() && !(StreamedRun.queryRowsIndependent(p) && unbatched(inputs))) {
            // Chunks of queries need unbatched keys and values to pair with; load the queries whole.
            InputConfig q = streamed.get();
            LoadedInput li = load(q, c.dtype());
            inputs = inputs.toBuilder().put(q.name(), li.tensor()).build();
            sources.put(q.name(), li.source());
            streamed = Optional.empty();
        }
        return new Job(c, p, inputs, columns, labels, groups, head, targets, sources, streamed);
    }

    private static boolean unbatched(AttentionInputs in) {
        return in.names().stream().allMatch(n -> in.tensor(n).rank() == 2);
    }

    /**
     * The queries input when its file may be read in chunks (see {@link #loadStreaming}); whether the
     * pipeline allows it is its own declaration, checked once it is built.
     */
    private static Optional<InputConfig> streamable(JobConfig c) {
        InputConfig q = c.inputs().get(QUERIES);
        if (q == null || q.file().isEmpty() || !q.groups().isEmpty()
                || q.labels().isPresent() || q.inline().isPresent()
                || TensorFormat.of(q.file().get()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(q);
    }

    /** Opens a CSV input for reading in chunks; errors are placed like {@link #load(InputConfig, DType)}'s. */
    private static CsvChunks openChunks(InputConfig ic, int rowsPerChunk) {
        try {
            return CsvChunks.open(ic.file().orElseThrow(), ic.columns(), ic.header(), rowsPerChunk);
        } catch (DataException e) {
            throw within(e, ic);
        }
    }

    /** The next chunk of a streamed input, checked as a whole load would check it. */
    private static Optional<Tensor> nextChunk(CsvChunks chunks, InputConfig ic, JobConfig c) {
        long before = chunks.rowsRead();
        try {
            Optional<Tensor> t = chunks.next();
            if (t.isPresent() && c.dtype() == DType.FLOAT32) {
                fitsFloat32(new LoadedInput(t.get(), Optional.empty(), chunks.columns(), ic.file().get().toString()),
                        before);
            }
            return t;
        } catch (DataException e) {
            throw within(e, ic);
        }
    }

    /**
     * Opens an online-attention session for a configuration's pipeline: keys, values and queries
     * arrive on the session instead of from the config's inputs (see {@link StreamSession}).
     */
    public StreamSession stream(Path configFile) {
        return new StreamFactory(registry, factory).open(configLoader.load(configFile));
    }

    /** A builder for an online-attention session chosen in Java, like {@link #pipeline()}. */
    public StreamBuilder stream() {
        return new StreamFactory(registry, factory).builder();
    }

    /**
     * Fits {@code pipeline} to {@code data}; see {@link Fitter}. The pipeline itself is unchanged: the
     * result holds a new, fitted one.
     */
    public FitResult fit(Pipeline pipeline, TrainingData data, FitOptions options) {
        return new Fitter().fit(pipeline, data, options);
    }

    /**
     * Fits a loaded job by its {@code fit:} section.
     *
     * @throws ConfigException when the config has no {@code fit:} section
     */
    public FitResult fit(Job job) {
        return traced(job, "fit", () -> fit(job.pipeline(), trainingData(job), fitOptions(job)));
    }

    /**
     * Continues a job's fit from {@code checkpoint} (the {@code checkpoint.safetensors} of an earlier
     * fit) up to its {@code fit.epochs}; the result is bit-identical to fitting all epochs at once.
     *
     * @throws DataException      for a file that is not a readable checkpoint
     * @throws AttentionException for a checkpoint of another pipeline or fit, see {@link Fitter#resume}
     */
    public FitResult resume(Job job, Path checkpoint) {
        return new Fitter().resume(job.pipeline(), trainingData(job), fitOptions(job), CheckpointFile.read(checkpoint));
    }

    /** The {@code fit:} section of a job as options (seed defaults to the config's). */
    public FitOptions fitOptions(Job job) {
        return FitSettings.options(fitSection(job), job.config().seed());
    }

    /** The job's inputs with its {@code fit.targets}. */
    public TrainingData trainingData(Job job) {
        fitSection(job);
        LoadedInput t = job.targets().orElseThrow();
        return new TrainingData(job.inputs(), t.tensor(), t.lengths());
    }

    /** Writes {@code training.json}, {@code parameters.safetensors} and {@code checkpoint.safetensors} to {@code dir}. */
    public List<Path> writeFit(Job job, FitResult result, Path dir) {
        return FitFiles.write(dir, job.config().name(), fitOptions(job), result);
    }

    /**
     * Searches the plugin space of a loaded job's {@code search:} section, scoring each candidate by
     * cross-validation on its {@code fit:} targets; see {@link Searcher}.
     *
     * @throws ConfigException when the config has no {@code search:} or no {@code fit:} section
     */
    public SearchResult search(Job job) {
        return search(job, SearchListener.NONE, 0);
    }

    /**
     * As {@link #search(Job)}, telling {@code listener} about each finished trial.
     *
     * @param threads trials at once; 0 = the config's {@code search.threads}, else one per processor
     */
    public SearchResult search(Job job, SearchListener listener, int threads) {
        JobConfig c = job.config();
        var search = c.search().orElseThrow(() -> new ConfigException(c.file().map(Path::toString).orElse(null), 0, 0,
                "search", "the config has no 'search:' section",
                "add search: {alignment: [dot, gaussian], distribution: [softmax, sparsemax], folds: 5}"));
        int t = threads > 0 ? threads : search.threads() > 0 ? search.threads()
                : Runtime.getRuntime().availableProcessors();
        Map<String, Integer> widths = new LinkedHashMap<>();
        job.inputs().names().forEach(n -> widths.put(n, job.inputs().tensor(n).cols()));
        SearchTask task = new SearchTask(c.name(), c.dtype(), c.seed(), widths,
                List.of(c.variant(), c.alignment(), c.distribution()), trainingData(job), fitOptions(job), search,
                search.seed().orElse(c.seed()), t);
        return traced(job, "search", () -> new Searcher(registry, factory).search(task, listener));
    }

    /** Writes {@code leaderboard.csv}, {@code best.yaml} and its {@code parameters.json} to {@code dir}, all or nothing. */
    public List<Path> writeSearch(Job job, SearchResult result, Path dir) {
        return SearchFiles.write(dir, job.config(), result);
    }

    private static FitConfig fitSection(Job job) {
        return job.config().fit().orElseThrow(() -> new ConfigException(job.config().file().map(Path::toString)
                .orElse(null), 0, 0, "fit", "the config has no 'fit:' section",
                "add fit: {loss: mse, optimizer: {id: adam, lr: 0.01}, epochs: 100, targets: {file: …, columns: […]}}"));
    }

    /**
     * A number beyond float32's range loads fine as a double and becomes infinity in the run, which
     * then failed as "non-finite values in 'output'" without naming the cell.
     */
    private static void fitsFloat32(LoadedInput li) {
        fitsFloat32(li, 0);
    }

    /** @param firstRow data rows before this tensor's first (for a chunk of a file) */
    private static void fitsFloat32(LoadedInput li, long firstRow) {
        Tensor t = li.tensor();
        for (int b = 0; b < t.batchSize(); b++) {
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.cols(); j++) {
                    double v = t.get(b, i, j);
                    if (Math.abs(v) > Float.MAX_VALUE) {
                        String row = t.rank() > 2 ? element(li, b) + ", row " + (i + 1) : "data row " + (firstRow + i + 1);
                        throw new DataException(li.source(), 0, li.columns().get(j), row + ": " + v
                                + " is beyond float32's range (±3.4e38); use dtype: float64 or rescale the data");
                    }
                }
            }
        }
    }

    /**
     * Batch element {@code b} for messages: its group, or for nested groups its outermost group and
     * its place within it (batch elements are the innermost groups, {@code D·S} of them).
     */
    private static String element(LoadedInput li, int b) {
        List<String> groups = li.groups();
        int perGroup = groups.isEmpty() ? 0 : li.tensor().batchSize() / groups.size();
        if (perGroup == 0) {
            return "batch element " + (b + 1);
        }
        String group = "group " + groups.get(b / perGroup);
        return perGroup == 1 ? group : group + ", subgroup " + (b % perGroup + 1);
    }

    private LoadedInput load(InputConfig ic, DType dtype) {
        try {
            LoadedInput li = dataLoader.load(ic);
            if (dtype == DType.FLOAT32) {
                fitsFloat32(li);
            }
            return li;
        } catch (DataException e) {
            throw within(e, ic);
        }
    }

    private static DataException within(DataException e, InputConfig ic) {
        Position p = ic.position();
        return e.within("for inputs." + ic.name() + (p.file() == null ? ""
                : " at " + p.file() + ":" + p.line() + ":" + p.column()));
    }

    /**
     * Runs a loaded job. With a head stored in its {@code parameters:} file the result also holds
     * {@value #PREDICTION}, the head's output. A plugin's run-time error (a shape mismatch, k above
     * the key count, negative scores for normalize) knows neither the config nor the files, so it is
     * given the config file, the pipeline and each input's source and shape.
     */
    public AttentionResult run(Job job) {
        AttentionInputs in = wholeInputs(job);
        return withPrediction(job, placed(job, in, Map.of(), () -> job.pipeline().run(in)));
    }

    /** The result with the head's {@value #PREDICTION} added, when the job has a head. */
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
        return job.inputs().toBuilder().put(q.name(), load(q, job.config().dtype()).tensor()).build();
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

    /**
     * Writes a job's result to {@code dir} as {@code csv} or {@code json}: the output, the weights
     * when the config asks for them, and any extra tensors, all or nothing.
     *
     * @return the files written
     */
    public List<Path> write(Job job, AttentionResult result, Path dir, String format) {
        List<String> names = new ArrayList<>();
        for (String n : result.names()) {
            if (!n.equals(AttentionResult.WEIGHTS) || job.config().output().weights()) {
                names.add(n);
            }
        }
        return resultWriter.write(job.config().name(), result, names, columnNames(job), dir, format);
    }

    /**
     * Runs a loaded job and writes its result like {@link #write}, with the same run-time errors as
     * {@link #run}, and the head's {@value #PREDICTION} when the job has one. It holds less than
     * {@code run} then {@code write}: when the fused kernel ran, the weights are recomputed block by
     * block into {@code weights.csv} (or {@code result.json}) and never held whole; and for a job from
     * {@link #loadStreaming} whose queries stayed in their file, with {@code csv}, the queries are read,
     * run and written a chunk of rows at a time, so the output files grow chunk by chunk and are
     * renamed into place at the end (all or nothing, as always). The files are the same either way.
     * Which path ran is logged at INFO.
     *
     * @return the result (without streamed weights; the first chunk's when run in chunks) and the files
     */
    public JobRun runAndWrite(Job job, Path dir, String format) {
        return traced(job, "run", () -> runAndWriteOnce(job, dir, format));
    }

    /**
     * Runs {@code step} and logs at INFO which path it took: the engine kernel's calls during it
     * ({@link KernelUse}), or that the plugins' general code ran. Calls from other threads using
     * this engine at the same time are counted too.
     */
    private <T> T traced(Job job, String what, Supplier<T> step) {
        KernelUse before = factory.kernelUse();
        T result = step.get();
        LOG.info("{}: {} path: {} ({})", job.config().name(), what, factory.kernelUse().since(before).describe(),
                factory.kernel().description());
        return result;
    }

    /**
     * A heatmap of a job's result (its weights), titled with the job's name and pipeline, with the
     * job's row labels, padding lengths and group names.
     *
     * @throws AttentionException when the result holds no weights
     */
    public Heatmap heatmap(Job job, AttentionResult result) {
        return AttentionHeatmaps.of(job.config().name() + " — " + job.pipeline().describe(), result,
                new HeatmapContext(job.inputs(), job.labels(), job.groups()));
    }

    /** The calls made so far to the kernel the engine gives its plugins; see {@link KernelUse#since}. */
    public KernelUse kernelUse() {
        return factory.kernelUse();
    }

    private JobRun runAndWriteOnce(Job job, Path dir, String format) {
        if (job.streamedQueries().isPresent() && format.equals("csv")) {
            return runInChunks(job, dir);
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
    private JobRun runInChunks(Job job, Path dir) {
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
        List<Path> files = resultWriter.writeInChunks(names, columnNames(job), dir, sink -> {
            try (CsvChunks reader = openChunks(q, rowsPerChunk)) {
                for (Optional<Tensor> chunk = nextChunk(reader, q, job.config()); chunk.isPresent();
                        chunk = nextChunk(reader, q, job.config())) {
                    Tensor queries = chunk.get();
                    long from = rows[0];
                    AttentionInputs in = others.toBuilder().put(q.name(), queries).build();
                    // A chunk that is the whole file is named as a whole load names it.
                    Map<String, String> notes = from == 0 && reader.exhausted() ? Map.of()
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

    /**
     * The levels of a hierarchical variant: one per group column of the data (its nesting depth).
     * Given levels must match that count; absent ones default to the pipeline's components.
     */
    private static List<LevelConfig> levels(JobConfig c, List<String> groups) {
        if (groups.isEmpty()) {
            Position at = c.inputsAt();
            throw new ConfigException(at.file(), at.line(), at.column(), "inputs", "variant '" + c.variant().id()
                    + "' needs nested input, one group column per level",
                    "group the rows, e.g. {file: docs.csv, group: [document, sentence]}");
        }
        if (c.levels().isEmpty()) {
            List<LevelConfig> out = new ArrayList<>();
            for (int k = 1; k <= groups.size(); k++) {
                String key = "pipeline.levels[" + k + "]";
                out.add(new LevelConfig(key, c.alignment(), c.distribution(), Map.of(), Map.of(),
                        c.variant().position()));
            }
            return out;
        }
        if (c.levels().size() != groups.size()) {
            Position at = c.levelsAt();
            throw new ConfigException(at.file(), at.line(), at.column(), "pipeline.levels", c.levels().size()
                    + " level" + (c.levels().size() == 1 ? "" : "s") + " given but the data nest " + groups.size()
                    + " deep (group: " + groups + ")", "give one level per group column, innermost first"
                    + " (level 1 attends within " + groups.get(groups.size() - 1) + ")");
        }
        return c.levels();
    }

    private static void checkInputs(JobConfig c, Pipeline p) {
        Set<String> taken = p.inputs().stream().map(InputSpec::name).collect(Collectors.toSet());
        for (InputConfig ic : c.inputs().values()) {
            if (!taken.contains(ic.name())) {
                Position pos = ic.position();
                throw new ConfigException(pos.file(), pos.line(), pos.column(), "inputs." + ic.name(),
                        "variant '" + c.variant().id() + "' does not take an input named '" + ic.name() + "'",
                        Suggestions.didYouMean(ic.name(), taken) + "it takes: " + String.join(", ", new TreeSet<>(taken)));
            }
        }
        for (InputSpec spec : p.inputs()) {
            if (spec.required() && !c.inputs().containsKey(spec.name())) {
                Position at = c.inputsAt();
                throw new ConfigException(at.file(), at.line(), at.column(), "inputs",
                        "variant '" + c.variant().id() + "' needs input '" + spec.name() + "' (" + spec.doc() + ")",
                        "add inputs: {" + spec.name() + ": {file: data.csv, columns: [...]}}");
            }
        }
    }
}
