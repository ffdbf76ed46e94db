package dev.attention.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.attention.assembly.plugin.PluginRegistry;

/** Wiring for plugin discovery: one registry per engine, found where the options say. */
final class PluginModule extends AbstractModule {
    /** A provider method, not a constructor binding: the registry is made by discovery, a static factory. */
    @Provides
    @Singleton
    PluginRegistry registry(EngineOptions options) {
        return options.pluginDir()
                .map(dir -> PluginRegistry.discover(options.classLoader(), dir))
                .orElseGet(() -> PluginRegistry.discover(options.classLoader()));
    }
}
