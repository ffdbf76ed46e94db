package dev.attention.api.spi;

import dev.attention.api.ApiVersion;
import java.util.List;

/**
 * Creates one kind of plugin: the engine's view of a declared plugin. New jars declare plugins
 * through their one {@link AttentionPlugin} entry point, and {@link PluginRegistrar#providers} turns
 * those declarations into providers. Jars built before the entry point implement the provider
 * interfaces directly, one class per plugin with a public no-argument constructor, listed in
 * {@code META-INF/services/<provider interface>}; the engine still loads them.
 *
 * <p>A provider also says which API version it was built for ({@link #apiVersion()}), so an engine
 * can refuse a plugin compiled against an incompatible API before it fails with a linkage error.
 *
 * <p>The {@link #id()} is a stable lowercase identifier ({@code scaled-dot}, {@code softmax}) that
 * configurations use; it never changes once published. The engine validates a configuration's
 * parameters against {@link #parameters()} (unknown keys, types, ranges, defaults) before it calls
 * {@link #create(PluginContext)}.
 *
 * @param <T> the plugin type
 */
public interface PluginProvider<T> {

    /**
     * The API version this code is compiled against. A compile-time constant, so javac copies its
     * value into the class that reads it: {@code return API_VERSION;} in a provider records the
     * version the provider was built for, whatever API it later runs on.
     */
    String API_VERSION = ApiVersion.CURRENT;

    /**
     * The API version this provider was built for; write exactly {@code return API_VERSION;}. The
     * engine refuses a provider built for another major version, naming its jar. Not a default
     * method on purpose: a default's body is compiled into the API, so it would report the version
     * of the API the plugin runs on, never the one it was built for.
     */
    String apiVersion();

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
