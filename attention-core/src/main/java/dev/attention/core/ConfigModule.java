package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.data.DataLoader;
import dev.attention.io.table.ResultWriter;

/**
 * Wiring for reading configurations and data and writing results. The three are stateless with a
 * no-argument constructor, so Guice makes them itself; the modules they live in know no Guice.
 */
final class ConfigModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ConfigLoader.class).in(Singleton.class);
        bind(DataLoader.class).in(Singleton.class);
        bind(ResultWriter.class).in(Singleton.class);
    }
}
