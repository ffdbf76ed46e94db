package dev.attention.assembly.plugin;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginKind;
import java.util.List;
import org.apiguardian.api.API;

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
@API(status = MAINTAINED)
public record PluginInfo(PluginKind kind, String id, String description, List<ParameterSpec> parameters,
        String providerClass, String source) {
    public PluginInfo {
        parameters = List.copyOf(parameters);
    }
}
