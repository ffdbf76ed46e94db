package dev.attention.variants;

import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.StreamForm;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code mocha} variant: monotonic chunkwise attention (Chiu and Raffel 2018) at test
 * time. See {@link MochaVariant}.
 */
public final class MochaProvider implements VariantProvider {
    static final String CHUNK = "chunk";

    public MochaProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "mocha";
    }

    @Override
    public String description() {
        return "monotonic chunkwise attention (test time): soft attention f(a(K, Q_i)) over the w keys ending at"
                + " the monotonic position t_i";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(MonotonicProvider.offset(), ParameterSpec.intParam(CHUNK).defaultValue(2).atLeast(1)
                .doc("chunk width w: keys t_i − w < j ≤ t_i"));
    }

    @Override
    public Variant create(PluginContext context) {
        return new MochaVariant(context.alignment(), context.distribution(),
                context.getDouble(MonotonicProvider.OFFSET), context.getInt(CHUNK));
    }

    /** Monotonic attention over chunks of {@code chunk} arriving keys. */
    @Override
    public StreamForm streamForm(PluginContext context) {
        return StreamForm.monotonic(context.getDouble(MonotonicProvider.OFFSET), context.getInt(CHUNK));
    }
}
