package dev.attention.core;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.attention.api.AttentionInputs;
import dev.attention.api.ConfigException;
import dev.attention.api.InputSpec;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.spi.PluginContext;
import dev.attention.assembly.config.ConfigLoader;
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
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.tensor.MaskArray;
import dev.attention.io.tensor.TensorFormat;
import dev.attention.io.util.Suggestions;
import dev.attention.train.fit.Head;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a configuration file into a {@link Job}: config, then inputs (their widths size the plugins'
 * parameters), then the pipeline, the inputs checked against it, stored parameters and fit targets.
 * Behind {@link AttentionEngine#load} and {@link AttentionEngine#loadStreaming}.
 */
@Singleton
final class JobLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttentionEngine.class);
    private static final String QUERIES = "queries";
    private final PluginRegistry registry;
    private final ConfigLoader configLoader;
    private final DataLoader dataLoader;
    private final InputReader reader;
    private final PipelineFactory factory;
    private final boolean oneShot;

    @Inject
    JobLoader(PluginRegistry registry, ConfigLoader configLoader, DataLoader dataLoader, InputReader reader,
            PipelineFactory factory, EngineOptions options) {
        this.oneShot = options.oneShot();
        this.registry = registry;
        this.configLoader = configLoader;
        this.dataLoader = dataLoader;
        this.reader = reader;
        this.factory = factory;
    }

    /**
     * @param streamQueries leave a streamable queries file in place (see {@link AttentionEngine#loadStreaming});
     *                      it is read whole after all when the pipeline or the other inputs do not allow chunks
     */
    Job load(Path configFile, boolean streamQueries) {
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
        Map<String, MaskArray> masks = new LinkedHashMap<>();
        Map<String, int[]> grids = new LinkedHashMap<>();
        for (InputConfig ic : c.inputs().values()) {
            if (MaskInputs.isMask(ic.name())) {
                masks.put(ic.name(), reader.loadMask(ic));
                continue;
            }
            if (streamed.isPresent() && streamed.get() == ic) {
                try (CsvChunks header = reader.openChunks(ic, 1)) {
                    columns.put(ic.name(), header.columns());
                    sources.put(ic.name(), ic.file().orElseThrow().toString());
                    widths.put(ic.name(), header.width());
                }
                continue;
            }
            ImageInput.Arranged arranged = reader.loadArranged(ic, c.dtype());
            LoadedInput li = arranged.input();
            arranged.grid().ifPresent(g -> {
                grids.put(ic.name(), g);
                widths.put(PluginContext.gridKey(ic.name(), 0), g[0]);
                widths.put(PluginContext.gridKey(ic.name(), 1), g[1]);
            });
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
        // SIMD unless this is a one-shot process and the job is too small to earn back the vector
        // code's warm-up (decision 46). Queries left in their file have no row count yet: SIMD then.
        boolean choose = oneShot && streamed.isEmpty() && factory.vectorCodePresent();
        AttentionInputs data = choose ? in.build() : null;
        List<Tensor> dataTensors = choose ? data.names().stream().map(data::tensor).toList() : List.of();
        // The inputs alone may already decide for SIMD; the learned matrices (known once the pipeline
        // exists) only add work, so the pipeline is built again, on SIMD, only when they tip the choice.
        boolean simd = !choose || OneShotPath.vectorCode(OneShotPath.work(dataTensors, List.of()));
        Pipeline p = factory.create(c.name(), c.dtype(), c.seed(), c.variant(), c.alignment(), c.distribution(),
                widths, levels, new PipelineOptions(c.output().weights(), true, simd));
        if (choose) {
            double work = OneShotPath.work(dataTensors, p.parameters().asMap().values());
            if (LOG.isInfoEnabled()) {
                // Built only when shown: its String.format is a cold java.util.Formatter's first use.
                LOG.info(OneShotPath.reason(c.name(), work));
            }
            if (!simd && OneShotPath.vectorCode(work)) {
                p = factory.create(c.name(), c.dtype(), c.seed(), c.variant(), c.alignment(), c.distribution(),
                        widths, levels, new PipelineOptions(c.output().weights(), true, true));
            }
        }
        checkInputs(c, p);
        Optional<Head> head = Optional.empty();
        if (c.parameters().isPresent()) {
            StoredParameters.Applied stored = StoredParameters.apply(c.parameters().get(), p,
                    StoredParameters.Imports.of(registry, c.variant().id()));
            p = stored.pipeline();
            head = stored.head();
        }
        Optional<LoadedInput> targets = c.fit().map(f -> dataLoader.load(f.targets()));
        AttentionInputs inputs = MaskInputs.apply(c, masks, in.build(), c.dtype(), p.honoursMasks());
        if (streamed.isPresent() && !(StreamedRun.queryRowsIndependent(p) && unbatched(inputs))) {
            // Chunks of queries need unbatched keys and values to pair with; load the queries whole.
            InputConfig q = streamed.get();
            LoadedInput li = reader.load(q, c.dtype());
            inputs = inputs.toBuilder().put(q.name(), li.tensor()).build();
            sources.put(q.name(), li.source());
            streamed = Optional.empty();
        }
        return new Job(c, p, inputs, columns, labels, groups, head, targets, sources, streamed,
                MaskInputs.describe(c, masks, inputs), grids);
    }

    private static boolean unbatched(AttentionInputs in) {
        return in.names().stream().allMatch(n -> in.tensor(n).rank() == 2);
    }

    /**
     * The queries input when its file may be read in chunks (see {@link AttentionEngine#loadStreaming});
     * whether the pipeline allows it is its own declaration, checked once it is built.
     */
    private static Optional<InputConfig> streamable(JobConfig c) {
        InputConfig q = c.inputs().get(QUERIES);
        // Masks pair with the whole queries (lengths, a row of bias per query): read them whole.
        if (q == null || c.inputs().keySet().stream().anyMatch(MaskInputs::isMask) || q.file().isEmpty()
                || !q.groups().isEmpty()
                || q.labels().isPresent() || q.inline().isPresent()
                || TensorFormat.of(q.file().get()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(q);
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void checkInputs(JobConfig c, Pipeline p) {
        Set<String> taken = p.inputs().stream().map(InputSpec::name).collect(Collectors.toSet());
        for (InputConfig ic : c.inputs().values()) {
            if (!taken.contains(ic.name()) && !MaskInputs.isMask(ic.name())) {
                Position pos = ic.position();
                throw new ConfigException(pos.file(), pos.line(), pos.column(), "inputs." + ic.name(),
                        "variant '" + c.variant().id() + "' does not take an input named '" + ic.name() + "'",
                        Suggestions.didYouMean(ic.name(), union(taken, MaskInputs.NAMES)) + "it takes: "
                                + String.join(", ", new TreeSet<>(taken)) + " (and masks: "
                                + String.join(", ", new TreeSet<>(MaskInputs.NAMES)) + ")");
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
