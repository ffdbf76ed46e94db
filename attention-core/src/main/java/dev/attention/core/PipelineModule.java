package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.kernel.KernelExecutor;

/**
 * Wiring for pipeline assembly: the engine owns one kernel executor and one pipeline factory (whose
 * kernel {@link AttentionEngine#kernelUse()} counts), shared by every pipeline, run, fit, search
 * and stream of the engine.
 */
final class PipelineModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PipelineFactory.class)
                .toConstructor(Constructors.of(PipelineFactory.class, PluginRegistry.class, KernelExecutor.class))
                .in(Singleton.class);
    }

    /** A provider method: the thread count is a value of the options, not a service to inject. */
    @Provides
    @Singleton
    KernelExecutor kernelExecutor(EngineOptions options) {
        return new KernelExecutor(options.threads());
    }
}
