package dev.attention.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to set up an engine: where plugins come from and how many threads its kernels use.
 *
 * @param classLoader the loader whose class path is searched for plugins
 * @param pluginDir   a folder whose {@code *.jar} files are added as plugins
 * @param threads     worker threads of the fused kernel and the blockwise path (≥ 1); results are
 *                    bit-identical for any value
 */
public record EngineOptions(ClassLoader classLoader, Optional<Path> pluginDir, int threads) {
    public EngineOptions {
        Objects.requireNonNull(classLoader, "classLoader");
        Objects.requireNonNull(pluginDir, "pluginDir");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
    }

    /** One thread per available processor. */
    public EngineOptions(ClassLoader classLoader, Optional<Path> pluginDir) {
        this(classLoader, pluginDir, Runtime.getRuntime().availableProcessors());
    }

    /** The engine's own class path, no plugin folder, one thread per available processor. */
    public static EngineOptions defaults() {
        return new EngineOptions(Attention.class.getClassLoader(), Optional.empty());
    }

    public EngineOptions withPluginDir(Path dir) {
        return new EngineOptions(classLoader, Optional.of(dir), threads);
    }

    public EngineOptions withThreads(int threads) {
        return new EngineOptions(classLoader, pluginDir, threads);
    }
}
