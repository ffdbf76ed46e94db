package dev.attention.tck;

import dev.attention.api.UnknownName;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.PluginRegistrar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.opentest4j.AssertionFailedError;

/**
 * Finds the plugin under test the way the engine does: by kind and id, through
 * {@link ServiceLoader}, among the {@link AttentionPlugin} entry points (and old-style providers)
 * visible to the contract test's class loader — so a jar whose services line is missing fails its own
 * contract tests, like JUnit's {@code EngineTestKit.engine(id)}.
 */
final class PluginLookup {
    private static final String ENTRY_POINT_FILE = "src/main/resources/META-INF/services/"
            + AttentionPlugin.class.getName();

    private PluginLookup() {
    }

    /**
     * The provider of {@code kind} declared with {@code id}.
     *
     * @throws AssertionFailedError naming the services file to add when no entry point declares the
     *     id, listing the ids that were found; or naming both classes when two declare it
     */
    static <P extends PluginProvider<?>> P find(PluginKind kind, String id, Class<P> type, ClassLoader loader) {
        Map<String, List<Found>> byId = new LinkedHashMap<>();
        for (AttentionPlugin plugin : ServiceLoader.load(AttentionPlugin.class, loader)) {
            for (PluginProvider<?> p : PluginRegistrar.providers(plugin)) {
                if (p.kind() == kind) {
                    byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(new Found(p, plugin.getClass().getName()));
                }
            }
        }
        for (PluginProvider<?> p : ServiceLoader.load(kind.providerType(), loader)) {
            byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(new Found(p, p.getClass().getName()));
        }
        List<Found> found = byId.getOrDefault(id, List.of());
        if (found.isEmpty()) {
            throw new AssertionFailedError("no " + kind.id() + " '" + id + "' found by ServiceLoader: list the jar's"
                    + " entry point (the class implementing AttentionPlugin that declares '" + id + "') in "
                    + ENTRY_POINT_FILE + "; " + UnknownName.hint(id, byId.keySet()));
        }
        if (found.size() > 1) {
            throw new AssertionFailedError(kind.id() + " '" + id + "' is declared twice, by " + found.get(0).declaredBy
                    + " and " + found.get(1).declaredBy + "; the engine refuses both, keep one");
        }
        return type.cast(found.get(0).provider);
    }

    private record Found(PluginProvider<?> provider, String declaredBy) {
    }
}
