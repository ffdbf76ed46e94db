package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.data.DataLoader;
import dev.attention.io.table.ResultWriter;

/** Wiring for reading configurations and data and writing results. */
final class ConfigModule extends AbstractModule {
    @Provides
    @Singleton
    ConfigLoader configLoader() {
        return new ConfigLoader();
    }

    @Provides
    @Singleton
    DataLoader dataLoader() {
        return new DataLoader();
    }

    @Provides
    @Singleton
    ResultWriter resultWriter() {
        return new ResultWriter();
    }
}
