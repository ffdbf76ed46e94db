package dev.attention.core;

import dev.attention.api.Parameters;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.data.DataLoader;
import dev.attention.assembly.data.LoadedInput;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.tensor.ParameterFiles;
import dev.attention.train.fit.ParametersFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    /**
     * The plugin folder the config's {@code plugins:} key names, resolved against the config's folder.
     * Reading it loads nothing: whether the folder's code may run is the application's decision (the
     * CLI asks for {@code --trust-config-plugins}).
     */
    public static Optional<Path> pluginDir(Path configFile) {
        return new ConfigLoader().pluginDir(configFile);
    }

    /**
     * The jars an engine given plugin folder {@code folder} would load, relative to it and sorted:
     * {@code *.jar} files directly inside and those of its subfolders (one subfolder is one plugin);
     * empty when the folder does not exist or holds none. For telling a user what code would run.
     */
    public static List<String> pluginJars(Path folder) {
        return PluginRegistry.jarsIn(folder);
    }

    /** One input of a config, loaded as {@link AttentionEngine#load} loads it. */
    public static LoadedInput input(InputConfig input) {
        return new DataLoader().load(input);
    }

    /**
     * The tensors of a parameters file as {@code fit} and {@code search} write it: a
     * {@code parameters.safetensors}, or an earlier version's {@code parameters.json} (by extension,
     * as {@code parameters:} reads it).
     */
    public static Parameters parameters(Path file) {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return json ? ParametersFile.read(file) : ParameterFiles.read(file);
    }
}
