package dev.attention.api.spi;

import java.util.List;

/**
 * Creates one kind of plugin, found by {@link java.util.ServiceLoader}. A provider has a public
 * no-argument constructor and is listed in {@code META-INF/services/<provider interface>}.
 *
 * <p>The {@link #id()} is a stable lowercase identifier ({@code scaled-dot}, {@code softmax}) that
 * configurations use; it never changes once published. The engine validates a configuration's
 * parameters against {@link #parameters()} (unknown keys, types, ranges, defaults) before it calls
 * {@link #create(PluginContext)}.
 *
 * @param <T> the plugin type
 */
public interface PluginProvider<T> {

    /** Stable id: lowercase letters, digits and single hyphens, e.g. {@code scaled-dot}. */
    String id();

    /** One line saying what the plugin computes, with its formula. */
    String description();

    /** The kind of plugin this provider creates. */
    PluginKind kind();

    /** Declared parameters; the engine refuses any other key. */
    default List<ParameterSpec> parameters() {
        return List.of();
    }

    /**
     * Creates a plugin from validated parameters.
     *
     * @throws dev.attention.api.ConfigException for a combination of values the declarations cannot
     *     express (name the key)
     */
    T create(PluginContext context);
}
