package com.example.attention;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/** {@code power}: weights proportional to the positive part of the scores to the power p. */
public final class PowerProvider implements DistributionProvider {
    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "power";
    }

    @Override
    public String description() {
        return "w_j = max(s_j, 0)^p / Σ_k max(s_k, 0)^p; uniform when no score is positive";
    }

    @Override
    public List<ParameterSpec> parameters() {
        // p ≥ 1 keeps the weights differentiable where a score crosses 0.
        return List.of(ParameterSpec.doubleParam("p").defaultValue(2.0).atLeast(1).atMost(16)
                .doc("exponent; larger is sharper"));
    }

    @Override
    public Distribution create(PluginContext context) {
        return new PowerDistribution(context.getDouble("p"));
    }
}
