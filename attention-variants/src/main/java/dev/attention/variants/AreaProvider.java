package dev.attention.variants;

import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code area} variant: attention over contiguous areas of up to
 * {@code max-width} keys, each with the mean of its keys and the sum of its values. See
 * {@link AreaVariant}.
 */
public final class AreaProvider implements VariantProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam("max-width").defaultValue(2).atLeast(1)
                    .doc("widest area in keys; widths above the key count are not formed; 1 = global attention"));

    public AreaProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "area";
    }

    @Override
    public String description() {
        return "area attention (Li et al. 2019) over contiguous key ranges a of width ≤ max-width: "
                + "output_i = Σ_a f(a(mean_{r∈a} K_r, Q_i)) · Σ_{r∈a} V_r";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Variant create(PluginContext context) {
        return new AreaVariant(context.alignment(), context.distribution(), context.getInt("max-width"));
    }
}
