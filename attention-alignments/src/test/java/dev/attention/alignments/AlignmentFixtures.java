package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;

/** Creates alignments the way the engine does: through the provider with validated parameters. */
final class AlignmentFixtures {
    private AlignmentFixtures() {
    }

    static Alignment create(AlignmentProvider provider, Map<String, Object> parameters) {
        return provider.create(PluginContext.builder(provider.id(), provider.parameters())
                .parameters(parameters).build());
    }

    static Alignment create(AlignmentProvider provider) {
        return create(provider, Map.of());
    }

    /** For alignments whose parameters are sized by the operand widths. */
    static Alignment create(AlignmentProvider provider, Map<String, Object> parameters, DType dtype, long seed,
            int queryWidth, int keyWidth) {
        return provider.create(PluginContext.builder(provider.id(), provider.parameters())
                .parameters(parameters).dtype(dtype).seed(seed)
                .width("queries", queryWidth).width("keys", keyWidth).build());
    }
}
