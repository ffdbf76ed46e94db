package dev.attention.core;

import com.google.inject.AbstractModule;

/**
 * Wiring for the facade's own services, which load, run and train jobs. They are core classes, so
 * they carry {@code @Inject} constructors and {@code @Singleton}; bound here because the engine's
 * injector takes explicit bindings only.
 */
final class JobModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(InputReader.class);
        bind(PathLog.class);
        bind(JobLoader.class);
        bind(JobRunner.class);
        bind(JobTrainer.class);
    }
}
