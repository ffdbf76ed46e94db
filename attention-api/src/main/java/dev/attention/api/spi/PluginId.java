package dev.attention.api.spi;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for plugin ids, written once: lowercase letters and digits joined by single hyphens,
 * starting with a letter ({@code scaled-dot}, {@code entmax15}, {@code local-m}). Ids are what
 * configurations write, so they never change once published.
 */
public final class PluginId {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private PluginId() {
    }

    /** True when {@code id} follows the rule. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * What is wrong with {@code id}, as the end of a sentence that starts with the plugin's name
     * ({@code "has a blank id; …"}, {@code "has id 'Dot'; …"}), or empty when it is valid.
     */
    public static Optional<String> problem(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("has a blank id; ids are stable lowercase names like 'scaled-dot'");
        }
        if (!isValid(id)) {
            return Optional.of("has id '" + id + "'; ids are lowercase letters and digits joined by single"
                    + " hyphens, like 'scaled-dot'");
        }
        return Optional.empty();
    }
}
