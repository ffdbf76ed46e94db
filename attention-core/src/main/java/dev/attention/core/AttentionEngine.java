package dev.attention.core;

import com.google.inject.Inject;
import dev.attention.api.Alignment;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Distribution;
import dev.attention.api.Pipeline;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.plugin.BrokenPlugin;
import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.table.SetCheck;
import dev.attention.kernel.KernelUse;
import dev.attention.render.AttentionHeatmaps;
import dev.attention.render.Heatmap;
import dev.attention.render.HeatmapContext;
import dev.attention.stream.StreamBuilder;
import dev.attention.stream.StreamFactory;
import dev.attention.stream.StreamSession;
import dev.attention.train.fit.FitFiles;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.GradientSource;
import dev.attention.train.fit.Fitter;
import dev.attention.train.fit.TrainingData;
import dev.attention.train.search.SearchFiles;
import dev.attention.train.search.SearchListener;
import dev.attention.train.search.SearchResult;
import dev.attention.train.search.Searcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The engine: lists plugins, assembles pipelines from configuration files or the fluent
 * {@link #pipeline()} builder, loads data and writes results. Obtain one from
 * {@link Attention#engine()}. Thread-safe; create one per application.
 *
 * <p>A facade: each method delegates to one of the engine's services ({@code JobLoader},
 * {@code JobRunner}, {@code JobTrainer}, and the lower modules' registry, factories and writers),
 * all singletons of the one injector {@link Attention#engine(EngineOptions)} builds.
 */
public final class AttentionEngine implements AutoCloseable {
    /** Result name of a stored head's output in {@link #run(Job)}. */
    public static final String PREDICTION = "prediction";
    private final PluginRegistry registry;
    private final PipelineFactory factory;
    private final ConfigLoader configLoader;
    private final StreamFactory streams;
    private final JobLoader loader;
    private final JobRunner runner;
    private final JobTrainer trainer;

    @Inject
    AttentionEngine(PluginRegistry registry, PipelineFactory factory, ConfigLoader configLoader, StreamFactory streams,
            JobLoader loader, JobRunner runner, JobTrainer trainer) {
        this.registry = registry;
        this.factory = factory;
        this.configLoader = configLoader;
        this.streams = streams;
        this.loader = loader;
        this.runner = runner;
        this.trainer = trainer;
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
        return loader.load(configFile, false);
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
        return loader.load(configFile, true);
    }

    /**
     * Opens an online-attention session for a configuration's pipeline: keys, values and queries
     * arrive on the session instead of from the config's inputs (see {@link StreamSession}).
     */
    public StreamSession stream(Path configFile) {
        return streams.open(configLoader.load(configFile));
    }

    /** A builder for an online-attention session chosen in Java, like {@link #pipeline()}. */
    public StreamBuilder stream() {
        return streams.builder();
    }

    /**
     * Fits {@code pipeline} to {@code data}; see {@link Fitter}. The pipeline itself is unchanged: the
     * result holds a new, fitted one.
     */
    public FitResult fit(Pipeline pipeline, TrainingData data, FitOptions options) {
        return trainer.fit(pipeline, data, options);
    }

    /**
     * Fits a loaded job by its {@code fit:} section.
     *
     * @throws ConfigException when the config has no {@code fit:} section
     */
    public FitResult fit(Job job) {
        return trainer.fit(job);
    }

    /**
     * Fits a loaded job by its {@code fit:} section with each step's gradient from {@code source},
     * e.g. Spark's data-parallel one; everything else (split, epochs, optimiser, validation, early
     * stopping) runs here, as {@link #fit(Job)} does.
     *
     * @throws ConfigException when the config has no {@code fit:} section
     */
    public FitResult fit(Job job, GradientSource source) {
        return trainer.fit(job, source);
    }

    /**
     * Continues a job's fit from {@code checkpoint} (the {@code checkpoint.safetensors} of an earlier
     * fit) up to its {@code fit.epochs}; the result is bit-identical to fitting all epochs at once.
     *
     * @throws DataException      for a file that is not a readable checkpoint
     * @throws AttentionException for a checkpoint of another pipeline or fit, see {@link Fitter#resume}
     */
    public FitResult resume(Job job, Path checkpoint) {
        return trainer.resume(job, checkpoint);
    }

    /** The {@code fit:} section of a job as options (seed defaults to the config's). */
    public FitOptions fitOptions(Job job) {
        return trainer.fitOptions(job);
    }

    /** The job's inputs with its {@code fit.targets}. */
    public TrainingData trainingData(Job job) {
        return trainer.trainingData(job);
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
        return trainer.search(job, listener, threads);
    }

    /** Writes {@code leaderboard.csv}, {@code best.yaml} and its {@code parameters.safetensors} to {@code dir}, all or nothing. */
    public List<Path> writeSearch(Job job, SearchResult result, Path dir) {
        return SearchFiles.write(dir, job.config(), result);
    }

    /**
     * Runs a loaded job. With a head stored in its {@code parameters:} file the result also holds
     * {@value #PREDICTION}, the head's output. A plugin's run-time error (a shape mismatch, k above
     * the key count, negative scores for normalize) knows neither the config nor the files, so it is
     * given the config file, the pipeline and each input's source and shape.
     */
    public AttentionResult run(Job job) {
        return runner.run(job);
    }

    /**
     * Checks whether output folder {@code dir} (of run, fit or search) holds one whole set as the
     * writers commit it, or an incomplete or mixed one (a file changed, missing or added by hand, a
     * folder written by an earlier version), for a reader to trust or refuse it.
     */
    public OutputCheck checkOutput(Path dir) {
        boolean exists = java.nio.file.Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || java.nio.file.Files.isDirectory(dev.attention.io.table.Generations.folderOf(dir));
        SetCheck.Verdict v = SetCheck.check(dir);
        return new OutputCheck(dir, exists, v.whole(), v.message());
    }

    /**
     * Writes a job's result to {@code dir} in an output format ({@code csv}, {@code json},
     * {@code npy}, {@code safetensors}): the output, the weights when the config asks for them, and
     * any extra tensors, all or nothing; the tensor formats keep each tensor's dtype and shape.
     *
     * @return the files written
     */
    public List<Path> write(Job job, AttentionResult result, Path dir, String format) {
        return runner.write(job, result, dir, format);
    }

    /**
     * Like {@link #write(Job, AttentionResult, Path, String)}, with {@code extra} files (file name →
     * bytes, e.g. a heatmap from {@link #heatmap}) committed in the same set, so the picture and the
     * weights it shows are replaced together.
     */
    public List<Path> write(Job job, AttentionResult result, Path dir, String format, Map<String, byte[]> extra) {
        return runner.write(job, result, dir, format, extra);
    }

    /**
     * Runs a loaded job and writes its result like {@link #write}, with the same run-time errors as
     * {@link #run}, and the head's {@value #PREDICTION} when the job has one. It holds less than
     * {@code run} then {@code write}: when the fused kernel ran, the weights are recomputed block by
     * block into {@code weights.csv} (or {@code result.json}, {@code weights.npy},
     * {@code result.safetensors}) and never held whole; and for a job from {@link #loadStreaming}
     * whose queries stayed in their file, with {@code csv} or {@code npy}, the queries are read, run
     * and written a chunk of rows at a time, so the output files grow chunk by chunk and are
     * committed at the end (all or nothing, as always). The files are the same either way.
     * Which path ran is logged at INFO.
     *
     * @return the result (without streamed weights; the first chunk's when run in chunks) and the files
     */
    public JobRun runAndWrite(Job job, Path dir, String format) {
        return runner.runAndWrite(job, dir, format);
    }

    /**
     * A heatmap of a job's result (its weights), titled with the job's name and pipeline, with the
     * job's row labels, padding lengths and group names.
     *
     * @throws AttentionException when the result holds no weights
     */
    public Heatmap heatmap(Job job, AttentionResult result) {
        return AttentionHeatmaps.of(job.config().name() + " — " + job.pipeline().describe(), result,
                new HeatmapContext(job.inputs(), job.labels(), job.groups(), job.grids()));
    }

    /** The calls made so far to the kernel the engine gives its plugins; see {@link KernelUse#since}. */
    public KernelUse kernelUse() {
        return factory.kernelUse();
    }

    /**
     * Closes the class loaders of the plugin folder's jars (plugins from the class path need none).
     * Pipelines made by this engine must not be run afterwards. Idempotent.
     */
    @Override
    public void close() {
        registry.close();
    }
}
