package dev.attention.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to set up an engine: where plugins come from.
 *
 * @param classLoader the loader whose class path is searched for plugins
 * @param pluginDir   a folder whose {@code *.jar} files are added as plugins
 */
public record EngineOptions(ClassLoader classLoader, Optional<Path> pluginDir) {
    public EngineOptions {
        Objects.requireNonNull(classLoader, "classLoader");
        Objects.requireNonNull(pluginDir, "pluginDir");
    }

    /** The engine's own class path, no plugin folder. */
    public static EngineOptions defaults() {
        return new EngineOptions(Attention.class.getClassLoader(), Optional.empty());
    }

    public EngineOptions withPluginDir(Path dir) {
        return new EngineOptions(classLoader, Optional.of(dir));
    }
}
