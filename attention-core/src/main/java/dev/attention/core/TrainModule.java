package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.train.fit.Fitter;
import dev.attention.train.search.Searcher;

/** Wiring for fit and search: the searcher assembles its candidates with the engine's factory. */
final class TrainModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Fitter.class).in(Singleton.class);
        bind(Searcher.class)
                .toConstructor(Constructors.of(Searcher.class, PluginRegistry.class, PipelineFactory.class))
                .in(Singleton.class);
    }
}
