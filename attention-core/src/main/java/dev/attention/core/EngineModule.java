package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/**
 * The whole engine graph for one {@link EngineOptions}: the options, one module per concern and the
 * facade. Every binding is explicit ({@code requireExplicitBindings}), so this file and the modules
 * it installs list everything the engine is made of, and every service is a singleton of the one
 * injector (the core services say so with {@code @Singleton} on their class).
 */
final class EngineModule extends AbstractModule {
    private final EngineOptions options;

    EngineModule(EngineOptions options) {
        this.options = options;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        bind(EngineOptions.class).toInstance(options);
        install(new PluginModule());
        install(new ConfigModule());
        install(new PipelineModule());
        install(new TrainModule());
        install(new StreamModule());
        install(new JobModule());
        // The public facade carries no Guice annotation (PublicApiHidesGuiceTest), so its scope is here.
        bind(AttentionEngine.class).in(Singleton.class);
    }
}
