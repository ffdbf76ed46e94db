package dev.attention.variants;

import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.StreamForm;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code monotonic} variant: hard monotonic attention at test time (Raffel et al.
 * 2017). See {@link MonotonicVariant}.
 */
public final class MonotonicProvider implements VariantProvider {
    static final String OFFSET = "offset";

    static ParameterSpec offset() {
        return ParameterSpec.doubleParam(OFFSET).defaultValue(0.0)
                .doc("r in the energy a(K_j, Q_i) + r; a key fires when sigmoid(energy) ≥ 0.5");
    }

    public MonotonicProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "monotonic";
    }

    @Override
    public String description() {
        return "hard monotonic attention (test time): query i takes V_j of the first j ≥ t_{i−1} with"
                + " sigmoid(a(K_j, Q_i) + r) ≥ 0.5; zero if none";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(offset());
    }

    @Override
    public Variant create(PluginContext context) {
        return new MonotonicVariant(context.alignment(), context.distribution(), context.getDouble(OFFSET));
    }

    /** Hard monotonic attention over arriving keys. */
    @Override
    public StreamForm streamForm(PluginContext context) {
        return StreamForm.monotonic(context.getDouble(OFFSET), 1);
    }
}
