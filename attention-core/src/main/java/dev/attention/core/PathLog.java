package dev.attention.core;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.kernel.KernelUse;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs at INFO which path a run, fit or search took: the engine kernel's calls during it
 * ({@link KernelUse}), or that the plugins' general code ran (decision 30). Counts the kernel of the
 * one {@link PipelineFactory} the engine's pipelines are built by, so calls from other threads using
 * the same engine at the same time are counted too.
 */
@Singleton
final class PathLog {
    /** The engine's logger: these lines are the engine's, and {@code -v} users read them under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(AttentionEngine.class);
    private final PipelineFactory factory;

    @Inject
    PathLog(PipelineFactory factory) {
        this.factory = factory;
    }

    /** Runs {@code step} for {@code job}, then logs {@code "<job>: <what> path: …"}. */
    <T> T traced(Job job, String what, Supplier<T> step) {
        KernelUse before = factory.kernelUse();
        T result = step.get();
        LOG.info("{}: {} path: {} ({})", job.config().name(), what, factory.kernelUse().since(before).describe(),
                factory.kernel().description());
        return result;
    }
}
