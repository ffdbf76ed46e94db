package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;

/** Creating the by-position variants through their providers, as the engine would. */
final class PositionFixtures {
    private PositionFixtures() {
    }

    /**
     * The variant with the reference {@code dot} and {@code softmax}, sized for {@code sizedFor}'s
     * widths (as the engine takes them from the data), in float64.
     */
    static Variant create(VariantProvider provider, Map<String, Object> config, long seed, AttentionInputs sizedFor) {
        PluginContext.Builder b = PluginContext.builder(provider.id(), provider.parameters()).parameters(config)
                .dtype(DType.FLOAT64).seed(seed)
                .alignment(ReferenceComponents.dot()).distribution(ReferenceComponents.softmax());
        for (String name : sizedFor.names()) {
            b.width(name, sizedFor.tensor(name).cols());
        }
        return provider.create(b.build());
    }

    static Variant global() {
        return Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
    }
}
