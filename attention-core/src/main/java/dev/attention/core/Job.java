package dev.attention.core;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Pipeline;
import dev.attention.core.config.JobConfig;
import java.util.List;
import java.util.Map;

/**
 * A configuration made ready to run: its assembled pipeline and its loaded inputs, with the
 * column names of each input for labelling outputs. Immutable.
 */
public final class Job {
    private final JobConfig config;
    private final Pipeline pipeline;
    private final AttentionInputs inputs;
    private final Map<String, List<String>> columns;
    private final Map<String, String> sources;

    Job(JobConfig config, Pipeline pipeline, AttentionInputs inputs, Map<String, List<String>> columns,
            Map<String, String> sources) {
        this.config = config;
        this.pipeline = pipeline;
        this.inputs = inputs;
        this.columns = Map.copyOf(columns);
        this.sources = Map.copyOf(sources);
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

    /** Column names of each loaded input. */
    public Map<String, List<String>> columns() {
        return columns;
    }

    /** Where each input came from (its file, or {@code inline}), for messages. */
    public Map<String, String> sources() {
        return sources;
    }
}
