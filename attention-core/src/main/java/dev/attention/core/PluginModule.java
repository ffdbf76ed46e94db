package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.attention.assembly.plugin.PluginRegistry;

/** Wiring for plugin discovery: one registry per engine. */
final class PluginModule extends AbstractModule {
    private final EngineOptions options;

    PluginModule(EngineOptions options) {
        this.options = options;
    }

    @Provides
    @Singleton
    PluginRegistry registry() {
        return options.pluginDir()
                .map(dir -> PluginRegistry.discover(options.classLoader(), dir))
                .orElseGet(() -> PluginRegistry.discover(options.classLoader()));
    }
}
