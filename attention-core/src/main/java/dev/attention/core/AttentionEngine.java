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
import dev.attention.core.config.Position;
import dev.attention.core.data.DataLoader;
import dev.attention.core.data.LoadedInput;
import dev.attention.core.data.ResultWriter;
import dev.attention.core.pipeline.PipelineFactory;
import dev.attention.core.plugin.PluginInfo;
import dev.attention.core.plugin.PluginRegistry;
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
        Map<String, String> sources = new LinkedHashMap<>();
        String groupedFirst = null;
        List<String> groups = List.of();
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
            if (li.lengths().isPresent()) {
                in.put(ic.name(), li.tensor(), li.lengths().get());
            } else {
                in.put(ic.name(), li.tensor());
            }
            columns.put(ic.name(), li.columns());
            sources.put(ic.name(), li.source());
            widths.put(ic.name(), li.tensor().cols());
        }
        Pipeline p = factory.create(c.name(), c.dtype(), c.seed(), c.variant(), c.alignment(), c.distribution(),
                widths);
        checkInputs(c, p);
        return new Job(c, p, in.build(), columns, sources);
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
                        String row = t.rank() > 2 ? "group " + li.groups().get(b) + ", row " + (i + 1)
                                : "data row " + (i + 1);
                        throw new DataException(li.source(), 0, li.columns().get(j), row + ": " + v
                                + " is beyond float32's range (±3.4e38); use dtype: float64 or rescale the data");
                    }
                }
            }
        }
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
     * Runs a loaded job. A plugin's run-time error (a shape mismatch, k above the key count,
     * negative scores for normalize) knows neither the config nor the files, so it is given the
     * config file, the pipeline and each input's source and shape.
     */
    public AttentionResult run(Job job) {
        try {
            return job.pipeline().run(job.inputs());
        } catch (ConfigException | DataException | PluginException e) {
            throw e;
        } catch (ShapeException e) {
            ShapeException placed = new ShapeException(where(job, e) + e.getMessage());
            placed.initCause(e);
            throw placed;
        } catch (AttentionException e) {
            throw new AttentionException(where(job, e) + e.getMessage(), e);
        }
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
        Map<String, List<String>> cols = new LinkedHashMap<>();
        List<String> valueCols = job.columns().get("values");
        if (valueCols != null) {
            cols.put(AttentionResult.OUTPUT, valueCols);
        }
        return resultWriter.write(job.config().name(), result, names, cols, dir, format);
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
