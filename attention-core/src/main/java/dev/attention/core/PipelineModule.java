package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.attention.core.pipeline.PipelineFactory;
import dev.attention.core.plugin.PluginRegistry;

/** Wiring for pipeline assembly. */
final class PipelineModule extends AbstractModule {
    @Provides
    @Singleton
    PipelineFactory pipelineFactory(PluginRegistry registry) {
        return new PipelineFactory(registry);
    }
}
