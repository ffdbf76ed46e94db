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
        KernelUse simd = factory.kernelUse(true);
        KernelUse scalar = factory.kernelUse(false);
        T result = step.get();
        KernelUse simdUse = factory.kernelUse(true).since(simd);
        KernelUse scalarUse = factory.kernelUse(false).since(scalar);
        // Without a SIMD path both are one kernel: count it once.
        boolean twin = factory.vectorCodePresent();
        boolean scalarRan = twin && !scalarUse.none() && simdUse.none();
        LOG.info("{}: {} path: {} ({})", job.config().name(), what, (scalarRan ? scalarUse : simdUse).describe(),
                factory.kernelDescription(!scalarRan));
        return result;
    }
}
