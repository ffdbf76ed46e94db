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
 * @param oneShot     the process runs one job and ends (the CLI's {@code run}): each job's kernel path
 *                    is chosen for a cold JVM, scalar when the job is too small to earn back the SIMD
 *                    code's JIT warm-up (decision 46); false (the default) always takes the SIMD path
 *                    where the Vector API is present, as a long-lived process should
 */
public record EngineOptions(ClassLoader classLoader, Optional<Path> pluginDir, int threads, boolean oneShot) {
    public EngineOptions {
        Objects.requireNonNull(classLoader, "classLoader");
        Objects.requireNonNull(pluginDir, "pluginDir");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
    }

    /** Not one-shot. */
    public EngineOptions(ClassLoader classLoader, Optional<Path> pluginDir, int threads) {
        this(classLoader, pluginDir, threads, false);
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
        return new EngineOptions(classLoader, Optional.of(dir), threads, oneShot);
    }

    public EngineOptions withThreads(int threads) {
        return new EngineOptions(classLoader, pluginDir, threads, oneShot);
    }

    /** See {@code oneShot} above. */
    public EngineOptions withOneShot(boolean oneShot) {
        return new EngineOptions(classLoader, pluginDir, threads, oneShot);
    }
}
