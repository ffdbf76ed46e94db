package dev.attention.spark;

import dev.attention.assembly.config.LevelConfig;
import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * One level of a hierarchical variant ({@code multilevel}) as it travels to the executors: the
 * level's alignment, distribution and overrides of the variant's parameters, as in
 * {@code pipeline.levels}.
 */
record LevelSpec(ComponentSpec alignment, ComponentSpec distribution, LinkedHashMap<String, Object> parameters)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    static LevelSpec of(LevelConfig l) {
        return new LevelSpec(ComponentSpec.of(l.alignment()), ComponentSpec.of(l.distribution()),
                new LinkedHashMap<>(l.parameters()));
    }
}
