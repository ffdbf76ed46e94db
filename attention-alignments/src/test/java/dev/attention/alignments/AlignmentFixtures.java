package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.PluginRegistrar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Creates alignments the way the engine does: through the provider with validated parameters. */
final class AlignmentFixtures {
    private AlignmentFixtures() {
    }

    /** Every alignment on the class path, found as the engine finds them: through the entry points' services file. */
    static List<AlignmentProvider> all() {
        List<AlignmentProvider> out = new ArrayList<>();
        for (AttentionPlugin plugin : ServiceLoader.load(AttentionPlugin.class)) {
            for (PluginProvider<?> p : PluginRegistrar.providers(plugin)) {
                if (p instanceof AlignmentProvider a) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The alignment declared with {@code id}. */
    static AlignmentProvider provider(String id) {
        return all().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no alignment '" + id + "' is declared"));
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
