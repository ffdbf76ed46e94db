package com.example.attention;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * {@code tempered}: softmax at temperature t. It declares that form, so with a dot-product
 * alignment the engine's variants run it on the fused kernel, as they run the shipped softmax.
 */
public final class TemperedProvider implements DistributionProvider {
    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "tempered";
    }

    @Override
    public String description() {
        return "w_j = exp(s_j / t) / Σ_k exp(s_k / t); declares softmax at temperature t";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.doubleParam("t").defaultValue(1.0).atLeast(0.01).atMost(100)
                .doc("temperature; smaller is sharper"));
    }

    @Override
    public Distribution create(PluginContext context) {
        return new TemperedDistribution(context.getDouble("t"));
    }
}
