package dev.attention.core;

import com.google.inject.Inject;
import dev.attention.api.Alignment;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.InputSpec;
import dev.attention.api.Pipeline;
import dev.attention.api.PluginException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.core.config.ComponentConfig;
import dev.attention.core.config.ConfigLoader;
import dev.attention.core.config.InputConfig;
import dev.attention.core.config.JobConfig;
import dev.attention.core.config.LevelConfig;
import dev.attention.core.config.Position;
import dev.attention.core.data.DataLoader;
import dev.attention.core.data.LoadedInput;
import dev.attention.core.data.ResultWriter;
import dev.attention.core.data.RowSource;
import dev.attention.core.fit.CheckpointFile;
import dev.attention.core.fit.FitFiles;
import dev.attention.core.fit.FitOptions;
import dev.attention.core.fit.FitResult;
import dev.attention.core.fit.Fitter;
import dev.attention.core.fit.Head;
import dev.attention.core.fit.TrainingData;
import dev.attention.api.Tensor;
import dev.attention.core.config.FitConfig;
import java.util.Optional;
import dev.attention.core.pipeline.PipelineFactory;
import dev.attention.core.pipeline.PipelineOptions;
import dev.attention.core.pipeline.StreamedRun;
import dev.attention.core.plugin.BrokenPlugin;
import dev.attention.core.plugin.PluginInfo;
import dev.attention.core.plugin.PluginRegistry;
import dev.attention.core.search.SearchFiles;
import dev.attention.core.search.SearchListener;
import dev.attention.core.search.SearchResult;
import dev.attention.core.search.SearchTask;
import dev.attention.core.search.Searcher;
import dev.attention.core.stream.StreamBuilder;
import dev.attention.core.stream.StreamFactory;
import dev.attention.core.stream.StreamSession;
import dev.attention.core.util.Suggestions;
import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The engine: lists plugins, assembles pipelines from configuration files or the fluent
 * {@link #pipeline()} builder, loads data and writes results. Obtain one from
 * {@link Attention#engine()}. Thread-safe; create one per application.
 */
public final class AttentionEngine {
    /** Result name of a stored head's output in {@link #run(Job)}. */
    public static final String PREDICTION = "prediction";
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
        JobConfig c = configLoader.load(configFile);
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
            StoredParameters.Applied stored = StoredParameters.apply(c.parameters().get(), p);
            p = stored.pipeline();
            head = stored.head();
        }
        Optional<LoadedInput> targets = c.fit().map(f -> dataLoader.load(f.targets()));
        return new Job(c, p, in.build(), columns, labels, groups, head, targets, sources);
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
        return fit(job.pipeline(), trainingData(job), fitOptions(job));
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
        return new Searcher(registry, factory).search(task, listener);
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
        Tensor t = li.tensor();
        for (int b = 0; b < t.batchSize(); b++) {
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.cols(); j++) {
                    double v = t.get(b, i, j);
                    if (Math.abs(v) > Float.MAX_VALUE) {
                        String row = t.rank() > 2 ? element(li, b) + ", row " + (i + 1) : "data row " + (i + 1);
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
            Position p = ic.position();
            throw e.within("for inputs." + ic.name() + (p.file() == null ? ""
                    : " at " + p.file() + ":" + p.line() + ":" + p.column()));
        }
    }

    /**
     * Runs a loaded job. With a head stored in its {@code parameters:} file the result also holds
     * {@value #PREDICTION}, the head's output. A plugin's run-time error (a shape mismatch, k above
     * the key count, negative scores for normalize) knows neither the config nor the files, so it is
     * given the config file, the pipeline and each input's source and shape.
     */
    public AttentionResult run(Job job) {
        AttentionResult r;
        try {
            r = job.pipeline().run(job.inputs());
        } catch (ConfigException | DataException | PluginException e) {
            throw e;
        } catch (ShapeException e) {
            ShapeException placed = new ShapeException(where(job, e) + e.getMessage());
            placed.initCause(e);
            throw placed;
        } catch (AttentionException e) {
            throw new AttentionException(where(job, e) + e.getMessage(), e);
        }
        if (job.head().isEmpty()) {
            return r;
        }
        Map<String, Tensor> all = new LinkedHashMap<>(r.asMap());
        all.put(PREDICTION, job.head().get().apply(r.output()));
        return AttentionResult.of(all);
    }

    private static String where(Job job, AttentionException e) {
        StringBuilder sb = new StringBuilder();
        job.config().file().ifPresent(f -> sb.append(f).append(": "));
        Pipeline p = job.pipeline();
        if (!e.getMessage().contains("pipeline '" + p.name() + "'")) {
            sb.append("pipeline '").append(p.name()).append("' (").append(p.describe()).append(") ");
        }
        sb.append("on ");
        String sep = "";
        for (String name : job.inputs().names()) {
            sb.append(sep).append(name).append(' ').append(job.sources().getOrDefault(name, "?")).append(' ')
                    .append(ShapeException.format(job.inputs().tensor(name).shape()));
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
     * Runs a loaded job and writes its result like {@link #write}, streaming the weights when the
     * fused kernel ran: they are recomputed block by block into {@code weights.csv} (or
     * {@code result.json}) and never held whole. Use this for large jobs; the files are the same.
     *
     * @return the result (its weights only when they were not streamed) and the files written
     */
    public JobRun runAndWrite(Job job, Path dir, String format) {
        boolean weights = job.config().output().weights();
        StreamedRun run = StreamedRun.of(job.pipeline(), job.inputs(), weights);
        Map<String, RowSource> tables = new LinkedHashMap<>();
        for (String n : run.result().names()) {
            if (!n.equals(AttentionResult.WEIGHTS)) {
                tables.put(n, RowSource.of(run.result().get(n)));
            }
        }
        run.weights().ifPresent(w -> tables.put(AttentionResult.WEIGHTS, w));
        return new JobRun(run.result(), resultWriter.write(job.config().name(), tables, columnNames(job), dir, format));
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
