package dev.attention.core;

import com.google.inject.Guice;

/**
 * Entry point for embedders: {@code Attention.engine()} discovers the plugins on the class path and
 * returns an {@link AttentionEngine}. The engine's wiring (Guice) stays behind this facade.
 */
public final class Attention {
    private Attention() {
    }

    /** An engine over the plugins on this class path. */
    public static AttentionEngine engine() {
        return engine(EngineOptions.defaults());
    }

    /** An engine set up with {@code options}. */
    public static AttentionEngine engine(EngineOptions options) {
        return Guice.createInjector(new PluginModule(options), new ConfigModule(), new PipelineModule())
                .getInstance(AttentionEngine.class);
    }
}
