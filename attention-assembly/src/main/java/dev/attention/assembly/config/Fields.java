package dev.attention.assembly.config;

import dev.attention.io.util.Suggestions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Strict, positioned access to a mapping's fields: unknown keys and wrong types are errors. */
final class Fields {
    private final ConfigNode.MapNode map;

    private Fields(ConfigNode.MapNode map) {
        this.map = map;
    }

    /** The node as a mapping, or an error saying what was expected. */
    static Fields of(ConfigNode node, String what) {
        if (!(node instanceof ConfigNode.MapNode)) {
            throw node.error("expected " + what + " (a mapping), got " + node.kind(), null);
        }
        return new Fields((ConfigNode.MapNode) node);
    }

    ConfigNode.MapNode node() {
        return map;
    }

    /** Refuses keys outside {@code allowed}, naming the nearest and listing the supported ones. */
    Fields allowOnly(Set<String> allowed) {
        for (var e : map.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "'",
                        Suggestions.didYouMean(e.getKey(), allowed) + "supported: "
                                + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    Optional<ConfigNode> get(String key) {
        return Optional.ofNullable(map.entries().get(key));
    }

    ConfigNode require(String key, String example) {
        ConfigNode n = map.entries().get(key);
        if (n == null) {
            String where = map.path().isEmpty() ? "the config" : "'" + map.path() + "'";
            throw map.error("missing required key '" + key + "' in " + where, "add " + example);
        }
        return n;
    }

    Optional<String> string(String key) {
        return get(key).map(n -> scalar(n, String.class, "text"));
    }

    Optional<Boolean> bool(String key) {
        return get(key).map(n -> scalar(n, Boolean.class, "true or false"));
    }

    Optional<Long> integer(String key) {
        return get(key).map(n -> scalar(n, Long.class, "a whole number"));
    }

    static <T> T scalar(ConfigNode n, Class<T> type, String expected) {
        if (n instanceof ConfigNode.ScalarNode) {
            Object v = ((ConfigNode.ScalarNode) n).value();
            if (type.isInstance(v)) {
                return type.cast(v);
            }
        }
        throw n.error("expected " + expected + ", got " + n.kind(), null);
    }

    static List<ConfigNode> list(ConfigNode n, String expected) {
        if (!(n instanceof ConfigNode.ListNode)) {
            throw n.error("expected " + expected + ", got " + n.kind(), null);
        }
        return ((ConfigNode.ListNode) n).items();
    }
}
