package dev.attention.variants;

import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;

/**
 * Provider of the {@code local-m} variant: each query attends to the keys within {@code window}
 * positions of its own index. See {@link LocalMVariant}.
 */
public final class LocalMProvider implements VariantProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam("window").defaultValue(2).atLeast(0)
                    .doc("half-width D: query i attends to keys j with |j − i| ≤ D"));

    public LocalMProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "local-m";
    }

    @Override
    public String description() {
        return "local attention around the query's own position (Luong et al. 2015, local-m): "
                + "output_i = Σ_{|j−i|≤D} f(a(K_j, Q_i)) · V_j, f normalised over the window";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Variant create(PluginContext context) {
        return new LocalMVariant(context.alignment(), context.distribution(), context.getInt("window"),
                context.kernel());
    }
}
