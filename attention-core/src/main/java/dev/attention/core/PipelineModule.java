package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.attention.kernel.KernelExecutor;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.plugin.PluginRegistry;

/** Wiring for pipeline assembly; the engine owns one kernel executor, shared by its pipelines. */
final class PipelineModule extends AbstractModule {
    private final EngineOptions options;

    PipelineModule(EngineOptions options) {
        this.options = options;
    }

    @Provides
    @Singleton
    KernelExecutor kernelExecutor() {
        return new KernelExecutor(options.threads());
    }

    @Provides
    @Singleton
    PipelineFactory pipelineFactory(PluginRegistry registry, KernelExecutor executor) {
        return new PipelineFactory(registry, executor);
    }
}
