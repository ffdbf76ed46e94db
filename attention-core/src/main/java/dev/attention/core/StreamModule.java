package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.stream.StreamFactory;

/** Wiring for online attention: sessions compute with the engine's factory and kernel. */
final class StreamModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(StreamFactory.class)
                .toConstructor(Constructors.of(StreamFactory.class, PluginRegistry.class, PipelineFactory.class))
                .in(Singleton.class);
    }
}
