package dev.attention.core.config;

import dev.attention.api.DType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A whole configuration file, validated for structure (not yet against plugins or data).
 *
 * @param file         the config file; empty for Java-built jobs
 * @param name         a display name
 * @param seed         seed for every random choice
 * @param dtype        element type the pipeline runs in
 * @param variant      the variant choice
 * @param alignment    the alignment choice
 * @param distribution the distribution choice
 * @param inputs       named inputs in file order
 * @param output       what to write
 * @param inputsAt     where the {@code inputs:} section is (or the document, when it is absent)
 */
public record JobConfig(Optional<Path> file, String name, long seed, DType dtype, ComponentConfig variant,
        ComponentConfig alignment, ComponentConfig distribution, Map<String, InputConfig> inputs,
        OutputConfig output, Position inputsAt) {
    public JobConfig {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
