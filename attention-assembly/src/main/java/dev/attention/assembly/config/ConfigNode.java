package dev.attention.assembly.config;

import dev.attention.api.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML/JSON value that remembers where it was written, so every later error can point at
 * the line and column. Jackson's tree model drops positions; this one keeps them.
 */
public abstract class ConfigNode {
    private final Position position;
    private final String path;

    ConfigNode(Position position, String path) {
        this.position = position;
        this.path = path;
    }

    public Position position() {
        return position;
    }

    /** Dotted key path from the root, e.g. {@code pipeline.alignment}. */
    public String path() {
        return path;
    }

    /** An error at this node. */
    public ConfigException error(String problem, String hint) {
        return new ConfigException(position.file(), position.line(), position.column(), path, problem, hint);
    }

    abstract String kind();

    /** A mapping with its keys in file order. */
    public static final class MapNode extends ConfigNode {
        private final Map<String, ConfigNode> entries;

        MapNode(Position position, String path, LinkedHashMap<String, ConfigNode> entries) {
            super(position, path);
            this.entries = Collections.unmodifiableMap(entries);
        }

        public Map<String, ConfigNode> entries() {
            return entries;
        }

        @Override
        String kind() {
            return "a mapping";
        }
    }

    /** A sequence. */
    public static final class ListNode extends ConfigNode {
        private final List<ConfigNode> items;

        ListNode(Position position, String path, List<ConfigNode> items) {
            super(position, path);
            this.items = List.copyOf(items);
        }

        public List<ConfigNode> items() {
            return items;
        }

        @Override
        String kind() {
            return "a list";
        }
    }

    /** A string, number ({@link Long} or {@link Double}), boolean, or null. */
    public static final class ScalarNode extends ConfigNode {
        private final Object value;

        ScalarNode(Position position, String path, Object value) {
            super(position, path);
            this.value = value;
        }

        public Object value() {
            return value;
        }

        @Override
        String kind() {
            if (value == null) {
                return "null";
            }
            return value instanceof String ? "text '" + value + "'" : value instanceof Boolean ? "a boolean"
                    : "the number " + value;
        }
    }
}
