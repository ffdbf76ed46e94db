package dev.attention.core.stream;

import dev.attention.api.spi.PluginContext;

/**
 * The variant parameters a stream acts on, validated by the variant's own {@link
 * dev.attention.api.spi.ParameterSpec}s so a stream accepts exactly what a batch run does.
 */
record VariantSettings(String id, boolean project, boolean causal, int window, int chunk, double offset) {

    static VariantSettings of(PluginContext c) {
        return new VariantSettings(c.pluginId(),
                c.has("project") && c.getBoolean("project"),
                c.has("causal") && c.getBoolean("causal"),
                c.has("window") ? c.getInt("window") : 0,
                c.has("chunk") ? c.getInt("chunk") : 1,
                c.has("offset") ? c.getDouble("offset") : 0);
    }
}
