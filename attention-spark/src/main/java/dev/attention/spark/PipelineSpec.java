package dev.attention.spark;

import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.config.LevelConfig;
import dev.attention.assembly.config.ParametersSource;
import dev.attention.assembly.config.Position;
import dev.attention.core.AttentionEngine;
import dev.attention.core.JobFiles;
import dev.attention.train.fit.Head;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an executor needs to assemble the pipeline a config describes, without the config
 * file: the same choices, seed, dtype and input widths give the same pipeline (and so the same
 * learned-parameter initialisation) in every JVM. Values of a config's {@code parameters:} file are
 * read once on the driver and carried along, so executors need no access to it.
 *
 * @param levels  a hierarchical variant's levels, innermost first; empty for the others
 * @param weights whether the pipeline returns weights; false lets the fused kernel skip them
 * @param stored  the parameters file's tensors by qualified name ({@code head.*} included); empty
 *                when the config has none
 */
record PipelineSpec(String name, String dtype, long seed, ComponentSpec variant, ComponentSpec alignment,
        ComponentSpec distribution, List<LevelSpec> levels, LinkedHashMap<String, Integer> widths, boolean weights,
        LinkedHashMap<String, Dense> stored) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The spec of {@code config}'s pipeline for inputs of {@code widths}, with the config's levels. */
    static PipelineSpec of(JobConfig config, Map<String, Integer> widths, boolean weights) {
        return of(config, widths, weights, config.levels());
    }

    /** As {@link #of(JobConfig, Map, boolean)} with the given levels of a hierarchical variant. */
    static PipelineSpec of(JobConfig config, Map<String, Integer> widths, boolean weights, List<LevelConfig> levels) {
        LinkedHashMap<String, Dense> stored = new LinkedHashMap<>();
        config.parameters().ifPresent(source -> JobFiles.parameters(source.file()).asMap()
                .forEach((n, t) -> stored.put(n, Dense.of(t))));
        return new PipelineSpec(config.name(), config.dtype().id(), config.seed(), ComponentSpec.of(config.variant()),
                ComponentSpec.of(config.alignment()), ComponentSpec.of(config.distribution()),
                levels.stream().map(LevelSpec::of).toList(), new LinkedHashMap<>(widths), weights, stored);
    }

    /**
     * Assembles the pipeline through the engine's builder, the same factory {@code engine.load}
     * uses, with the stored parameters in place.
     */
    Pipeline build(AttentionEngine engine) {
        var b = engine.pipeline().name(name).dtype(DType.fromId(dtype)).seed(seed)
                .variant(variant.id(), variant.parameters())
                .alignment(alignment.id(), alignment.parameters())
                .distribution(distribution.id(), distribution.parameters())
                .weights(weights);
        widths.forEach(b::width);
        for (LevelSpec l : levels) {
            b.level(l.alignment().id(), l.alignment().parameters(), l.distribution().id(),
                    l.distribution().parameters(), l.parameters());
        }
        Pipeline p = b.build();
        Map<String, Tensor> own = new LinkedHashMap<>();
        stored.forEach((n, d) -> {
            if (!Head.owns(n)) {
                own.put(n, d.tensor().to(p.dtype()));
            }
        });
        return own.isEmpty() ? p : p.withParameters(Parameters.of(own));
    }

    /** The linear head stored with the parameters, if any. */
    Optional<Head> head() {
        if (!stored.containsKey(Head.WEIGHT)) {
            return Optional.empty();
        }
        Map<String, Tensor> h = new LinkedHashMap<>();
        stored.forEach((n, d) -> {
            if (Head.owns(n)) {
                h.put(n, d.tensor());
            }
        });
        return Optional.of(Head.of(Parameters.of(h)));
    }

    /**
     * The builder knows keys but not the file: puts an error about a component or one of its
     * parameters at the place the config wrote it, as {@code engine.load} does.
     */
    private static ConfigException placed(ConfigException e, JobConfig config) {
        if (e.file().isPresent() || e.key().isEmpty()) {
            return e;
        }
        String key = e.key().get();
        for (ComponentConfig c : List.of(config.variant(), config.alignment(), config.distribution())) {
            if (key.equals(c.key()) || key.startsWith(c.key() + ".")) {
                String parameter = key.equals(c.key()) ? "" : key.substring(c.key().length() + 1);
                Position p = c.positionOf(parameter);
                return e.at(p.file(), p.line(), p.column(), null);
            }
        }
        return e;
    }

    /**
     * Builds the pipeline on the driver, so a bad id, parameter or parameters file fails there with
     * the config's position instead of inside a task.
     */
    Pipeline check(AttentionEngine engine, JobConfig config) {
        try {
            Pipeline p = build(engine);
            head();
            return p;
        } catch (ConfigException e) {
            throw placed(e, config);
        } catch (RuntimeException e) {
            if (config.parameters().isEmpty()) {
                throw e;
            }
            ParametersSource s = config.parameters().get();
            Path file = s.file();
            throw new ConfigException(s.position().file(), s.position().line(), s.position().column(), "parameters",
                    file + " does not fit " + name + ": " + e.getMessage(),
                    "fit this pipeline with 'attention fit' and point parameters: at its parameters.safetensors");
        }
    }
}
