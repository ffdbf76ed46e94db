package dev.attention.core;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Pipeline;
import dev.attention.api.spi.PluginContext;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.data.LoadedInput;
import dev.attention.train.fit.Head;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration made ready to run: its assembled pipeline and its loaded inputs, with the
 * column names of each input for labelling outputs, and the row labels and batch-element groups
 * for labelling pictures. Immutable.
 *
 * <p>A job from {@link AttentionEngine#loadStreaming} may leave its queries in their file
 * ({@link #queriesStreamed()}): {@link #inputs()} then holds the other inputs, and the engine reads
 * the queries a chunk of rows at a time when it runs the job.
 */
public final class Job {
    private final JobConfig config;
    private final Pipeline pipeline;
    private final AttentionInputs inputs;
    private final Map<String, List<String>> columns;
    private final Map<String, List<List<String>>> labels;
    private final List<String> groups;
    private final Optional<Head> head;
    private final Optional<LoadedInput> targets;
    private final Map<String, String> sources;
    private final Optional<InputConfig> streamedQueries;
    private final List<MaskInput> masks;
    private final Map<String, int[]> grids;

    Job(JobConfig config, Pipeline pipeline, AttentionInputs inputs, Map<String, List<String>> columns) {
        this(config, pipeline, inputs, columns, Map.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), List.of());
    }

    Job(JobConfig config, Pipeline pipeline, AttentionInputs inputs, Map<String, List<String>> columns,
            Map<String, List<List<String>>> labels, List<String> groups, Optional<Head> head,
            Optional<LoadedInput> targets, Map<String, String> sources, Optional<InputConfig> streamedQueries,
            List<MaskInput> masks) {
        this(config, pipeline, inputs, columns, labels, groups, head, targets, sources, streamedQueries, masks, Map.of());
    }

    /** @param grids the {@code {rows, columns}} of each image input read as one grid ({@link ImageInput}) */
    Job(JobConfig config, Pipeline pipeline, AttentionInputs inputs, Map<String, List<String>> columns,
            Map<String, List<List<String>>> labels, List<String> groups, Optional<Head> head,
            Optional<LoadedInput> targets, Map<String, String> sources, Optional<InputConfig> streamedQueries,
            List<MaskInput> masks, Map<String, int[]> grids) {
        this.grids = Map.copyOf(grids);
        this.config = config;
        this.pipeline = pipeline;
        this.inputs = inputs;
        this.columns = Map.copyOf(columns);
        this.labels = Map.copyOf(labels);
        this.groups = List.copyOf(groups);
        this.head = head;
        this.targets = targets;
        this.sources = Map.copyOf(sources);
        this.streamedQueries = streamedQueries;
        this.masks = List.copyOf(masks);
    }

    /** True when the queries were left in their file, to be read in chunks (see the class comment). */
    public boolean queriesStreamed() {
        return streamedQueries.isPresent();
    }

    /** Where the streamed queries are read from. */
    Optional<InputConfig> streamedQueries() {
        return streamedQueries;
    }

    /** Where each input came from (its file, or {@code inline}), for messages. */
    public Map<String, String> sources() {
        return sources;
    }

    /**
     * Row labels of the inputs that have a label column: per batch element (one list when
     * ungrouped), one text per real row.
     */
    public Map<String, List<List<String>>> labels() {
        return labels;
    }

    /** The group column's value of each batch element, in order; empty when no input is grouped. */
    public List<String> groups() {
        return groups;
    }

    public JobConfig config() {
        return config;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public AttentionInputs inputs() {
        return inputs;
    }

    /** The linear head stored with the config's {@code parameters:} file, if it has one. */
    public Optional<Head> head() {
        return head;
    }

    /** The {@code fit.targets} data, when the config has a {@code fit:} section. */
    public Optional<LoadedInput> targets() {
        return targets;
    }

    /** The mask inputs, in config order: applied to the other inputs, not tensors of their own. */
    public List<MaskInput> masks() {
        return masks;
    }

    /**
     * The grid {@code {rows, columns}} of each input declared {@code layout: image} with
     * {@code axes: grid}: its positions are the grid's cells, row-major.
     */
    public Map<String, int[]> grids() {
        return grids;
    }

    /**
     * The widths a pipeline for these inputs is sized with, as {@link JobLoader} declares them:
     * each input's last dimension, and each image grid's rows and columns under
     * {@code PluginContext.gridKey} (2-D positions read them).
     */
    public Map<String, Integer> widths() {
        Map<String, Integer> widths = new LinkedHashMap<>();
        inputs.names().forEach(n -> widths.put(n, inputs.tensor(n).cols()));
        grids.forEach((n, g) -> {
            widths.put(PluginContext.gridKey(n, 0), g[0]);
            widths.put(PluginContext.gridKey(n, 1), g[1]);
        });
        return widths;
    }

    /** Column names of each loaded input. */
    public Map<String, List<String>> columns() {
        return columns;
    }

}
