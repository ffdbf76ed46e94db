package dev.attention.core.plugin;

import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginKind;
import java.util.List;

/**
 * What the registry knows about one discovered plugin, for listings and messages.
 *
 * @param kind          alignment, distribution or variant
 * @param id            the stable id
 * @param description   one line with the formula
 * @param parameters    declared parameters
 * @param providerClass fully qualified class that declared it: the jar's {@code AttentionPlugin} entry point, or an
 *                      old-style provider class
 * @param source        the jar file name (or class-path folder, or plugin-folder sub-folder) it came from
 */
public record PluginInfo(PluginKind kind, String id, String description, List<ParameterSpec> parameters,
        String providerClass, String source) {
    public PluginInfo {
        parameters = List.copyOf(parameters);
    }
}
