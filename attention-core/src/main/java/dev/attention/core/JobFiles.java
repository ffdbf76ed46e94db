package dev.attention.core;

import dev.attention.api.Parameters;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.data.DataLoader;
import dev.attention.assembly.data.LoadedInput;
import dev.attention.train.fit.ParametersFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job's files read one by one, without an engine or a run: for applications that set the engine
 * up from the config (the CLI reads the plugin folder it names) or spread a job's work over
 * machines (Spark reads the config on the driver and each input where it is needed). Errors are the
 * same one-line messages {@link AttentionEngine#load} gives.
 */
public final class JobFiles {
    private JobFiles() {
    }

    /** The configuration of {@code configFile}, checked but not run: no data read, no plugin created. */
    public static JobConfig config(Path configFile) {
        return new ConfigLoader().load(configFile);
    }

    /** The plugin folder the config's {@code plugins:} key names, resolved against the config's folder. */
    public static Optional<Path> pluginDir(Path configFile) {
        return new ConfigLoader().pluginDir(configFile);
    }

    /** One input of a config, loaded as {@link AttentionEngine#load} loads it. */
    public static LoadedInput input(InputConfig input) {
        return new DataLoader().load(input);
    }

    /** The tensors of a parameters file ({@code parameters.json} or {@code .safetensors}) as written by fit. */
    public static Parameters parameters(Path file) {
        return ParametersFile.read(file);
    }
}
