package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.DType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

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
 * @param parameters   stored values that replace the pipeline's ({@code parameters:})
 * @param fit          the {@code fit:} section, if any
 * @param levels       {@code pipeline.levels} of a hierarchical variant, innermost first; empty when absent
 * @param levelsAt     where {@code pipeline.levels} is (or the pipeline, when it is absent)
 * @param search       the {@code search:} section, if any
 */
@API(status = MAINTAINED)
public record JobConfig(Optional<Path> file, String name, long seed, DType dtype, ComponentConfig variant,
        ComponentConfig alignment, ComponentConfig distribution, Map<String, InputConfig> inputs,
        OutputConfig output, Position inputsAt, Optional<ParametersSource> parameters, Optional<FitConfig> fit,
        List<LevelConfig> levels, Position levelsAt, Optional<SearchConfig> search) {
    public JobConfig {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        levels = List.copyOf(levels);
    }

    /** A configuration without levels and without a search section. */
    public JobConfig(Optional<Path> file, String name, long seed, DType dtype, ComponentConfig variant,
            ComponentConfig alignment, ComponentConfig distribution, Map<String, InputConfig> inputs,
            OutputConfig output, Position inputsAt, Optional<ParametersSource> parameters, Optional<FitConfig> fit) {
        this(file, name, seed, dtype, variant, alignment, distribution, inputs, output, inputsAt, parameters, fit,
                List.of(), inputsAt, Optional.empty());
    }

    /** A configuration without stored parameters, a fit section, levels or a search section. */
    public JobConfig(Optional<Path> file, String name, long seed, DType dtype, ComponentConfig variant,
            ComponentConfig alignment, ComponentConfig distribution, Map<String, InputConfig> inputs,
            OutputConfig output, Position inputsAt) {
        this(file, name, seed, dtype, variant, alignment, distribution, inputs, output, inputsAt, Optional.empty(),
                Optional.empty());
    }
}
