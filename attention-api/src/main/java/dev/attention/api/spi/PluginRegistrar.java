package dev.attention.api.spi;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.PluginException;
import dev.attention.api.Variant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an {@link AttentionPlugin} declares its plugins: one call per plugin with its id (see
 * {@link PluginId}), a one-line description with the formula, and the factory; the returned
 * declaration takes the parameters and what the kind declares. Example in {@link AttentionPlugin}.
 *
 * <p>The engine and the contract kit read a jar's entry point with {@link #providers}; that is
 * the only way declarations become plugins, so both see the same thing.
 */
public final class PluginRegistrar {
    private final String pluginClass;
    private final List<PluginDeclaration<?, ?>> declared = new ArrayList<>();
    private final Map<PluginKind, Map<String, PluginDeclaration<?, ?>>> ids = new EnumMap<>(PluginKind.class);

    private PluginRegistrar(String pluginClass) {
        this.pluginClass = pluginClass;
    }

    /** Declares an alignment {@code a(k, q)}: queries {@code [batch…, n, d_q]}, keys {@code [batch…, m, d_k]} → scores {@code [batch…, n, m]}. */
    public AlignmentDeclaration alignment(String id, String description, PluginFactory<? extends Alignment> factory) {
        return add(new AlignmentDeclaration(check(PluginKind.ALIGNMENT, id, description), description, factory));
    }

    /** Declares a distribution {@code f}: scores {@code [batch…, n, m]} → weights of that shape, each row summing to 1. */
    public DistributionDeclaration distribution(String id, String description,
            PluginFactory<? extends Distribution> factory) {
        return add(new DistributionDeclaration(check(PluginKind.DISTRIBUTION, id, description), description, factory));
    }

    /** Declares a variant, which composes the configured alignment and distribution ({@link PluginContext#alignment()}). */
    public VariantDeclaration variant(String id, String description, PluginFactory<? extends Variant> factory) {
        return add(new VariantDeclaration(check(PluginKind.VARIANT, id, description), description, factory));
    }

    /**
     * Calls {@code plugin.register} once and returns what it declared as providers, in declaration
     * order, each answering the plugin's {@link AttentionPlugin#apiVersion()}.
     *
     * @throws PluginException naming the entry point class and the id for a malformed or repeated id
     *     or a blank description; whatever {@code register} throws passes through
     */
    public static List<PluginProvider<?>> providers(AttentionPlugin plugin) {
        PluginRegistrar r = new PluginRegistrar(plugin.getClass().getName());
        String apiVersion = plugin.apiVersion();
        plugin.register(r);
        List<PluginProvider<?>> out = new ArrayList<>();
        for (PluginDeclaration<?, ?> d : r.declared) {
            out.add(d.provider(apiVersion));
        }
        return out;
    }

    private String check(PluginKind kind, String id, String description) {
        String what = kind.id() + " declared by " + pluginClass;
        PluginId.problem(id).ifPresent(p -> {
            throw new PluginException(id, null, what + " " + p);
        });
        if (description == null || description.isBlank()) {
            throw new PluginException(id, null, kind.id() + " '" + id + "' declared by " + pluginClass
                    + " has no description; give one line saying what it computes, with its formula");
        }
        PluginDeclaration<?, ?> prior = ids.computeIfAbsent(kind, k -> new HashMap<>()).get(id);
        if (prior != null) {
            throw new PluginException(id, null, kind.id() + " '" + id + "' is declared twice by " + pluginClass
                    + "; ids are unique per kind, remove one registration");
        }
        return id;
    }

    private <D extends PluginDeclaration<?, ?>> D add(D d) {
        declared.add(d);
        ids.get(d.kind()).put(d.id(), d);
        return d;
    }
}
