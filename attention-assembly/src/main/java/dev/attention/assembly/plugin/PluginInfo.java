package dev.attention.assembly.plugin;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * @param formats       a variant's import formats for {@code parameters: {format: …}}: id → description, in
 *                      declaration order (see {@code VariantProvider.imports()}); empty for other kinds
 * @param composes      the components a variant uses, alignment and/or distribution (see
 *                      {@code VariantProvider.composes()}); empty for other kinds
 */
@API(status = MAINTAINED)
public record PluginInfo(PluginKind kind, String id, String description, List<ParameterSpec> parameters,
        String providerClass, String source, Map<String, String> formats, Set<PluginKind> composes) {
    public PluginInfo {
        parameters = List.copyOf(parameters);
        formats = Collections.unmodifiableMap(new LinkedHashMap<>(formats));
        composes = Set.copyOf(composes);
    }

    /** A plugin with import formats; a variant composes both an alignment and a distribution. */
    public PluginInfo(PluginKind kind, String id, String description, List<ParameterSpec> parameters,
            String providerClass, String source, Map<String, String> formats) {
        this(kind, id, description, parameters, providerClass, source, formats, kind == PluginKind.VARIANT
                ? Set.of(PluginKind.ALIGNMENT, PluginKind.DISTRIBUTION) : Set.of());
    }

    /** True when this plugin is a variant that uses a component of {@code kind}. */
    public boolean composes(PluginKind kind) {
        return composes.contains(kind);
    }

    /** A plugin without import formats. */
    public PluginInfo(PluginKind kind, String id, String description, List<ParameterSpec> parameters,
            String providerClass, String source) {
        this(kind, id, description, parameters, providerClass, source, Map.of());
    }
}
