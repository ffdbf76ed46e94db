package dev.attention.distributions;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;

/** Creates distributions the way the engine does: through the provider with validated parameters. */
final class DistributionFixtures {
    private DistributionFixtures() {
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
