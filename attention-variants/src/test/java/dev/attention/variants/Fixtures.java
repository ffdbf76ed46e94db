package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.PluginRegistrar;
import dev.attention.api.spi.VariantProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Creating the variant through its provider, as the engine would, and small tensor literals. */
final class Fixtures {
    private Fixtures() {
    }

    /** Every variant on the class path, found as the engine finds them: through the entry points' services file. */
    static List<VariantProvider> all() {
        List<VariantProvider> out = new ArrayList<>();
        for (AttentionPlugin plugin : ServiceLoader.load(AttentionPlugin.class)) {
            for (PluginProvider<?> p : PluginRegistrar.providers(plugin)) {
                if (p instanceof VariantProvider v) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** The variant declared with {@code id}. */
    static VariantProvider provider(String id) {
        return all().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no variant '" + id + "' is declared"));
    }

    static Variant global(Alignment alignment, Distribution distribution) {
        VariantProvider p = provider("global");
        return p.create(PluginContext.builder(p.id(), p.parameters())
                .alignment(alignment).distribution(distribution).build());
    }

    /** A float64 tensor of the given shape, row-major. */
    static Tensor t(int[] shape, double... values) {
        return Tensor.of(DType.FLOAT64, shape, values);
    }

    static int[] shape(int... dims) {
        return dims;
    }
}
