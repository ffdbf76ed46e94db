package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.PluginRegistrar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Creates distributions the way the engine does: through the provider with validated parameters. */
final class DistributionFixtures {
    private DistributionFixtures() {
    }

    /** Every distribution on the class path, found as the engine finds them: through the entry points' services file. */
    static List<DistributionProvider> all() {
        List<DistributionProvider> out = new ArrayList<>();
        for (AttentionPlugin plugin : ServiceLoader.load(AttentionPlugin.class)) {
            for (PluginProvider<?> p : PluginRegistrar.providers(plugin)) {
                if (p instanceof DistributionProvider d) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** The distribution declared with {@code id}. */
    static DistributionProvider provider(String id) {
        return all().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no distribution '" + id + "' is declared"));
    }

    static Distribution create(DistributionProvider provider, Map<String, Object> parameters, long seed) {
        return provider.create(PluginContext.builder(provider.id(), provider.parameters())
                .parameters(parameters).seed(seed).build());
    }

    static Distribution create(DistributionProvider provider, Map<String, Object> parameters) {
        return create(provider, parameters, 0);
    }

    static Distribution create(DistributionProvider provider) {
        return create(provider, Map.of());
    }
}
