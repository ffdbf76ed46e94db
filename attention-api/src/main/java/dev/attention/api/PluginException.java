package dev.attention.api;

import java.util.Optional;

/**
 * A plugin could not be found, loaded or created. Carries the plugin id and, when known, the jar
 * (or class-path folder) it came from.
 */
public class PluginException extends AttentionException {
    private static final long serialVersionUID = 1L;
    private final String pluginId;
    private final String source;

    public PluginException(String pluginId, String source, String message) {
        this(pluginId, source, message, null);
    }

    public PluginException(String pluginId, String source, String message, Throwable cause) {
        super(message, cause);
        this.pluginId = pluginId;
        this.source = source;
    }

    /** The id the user asked for or the plugin declared; empty when not known. */
    public Optional<String> pluginId() {
        return Optional.ofNullable(pluginId);
    }

    /** The jar or folder the plugin was loaded from; empty when not known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }
}
