package com.example.attention;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginRegistrar;

/**
 * This jar's one entry point, listed in {@code META-INF/services/dev.attention.api.spi.AttentionPlugin}:
 * it declares each plugin's id, one-line description, parameters and factory.
 */
public final class ExamplePlugin implements AttentionPlugin {

    /** The compiler copies the API version into this class, so an engine of another API major refuses the jar by name. */
    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public void register(PluginRegistrar plugins) {
        // manhattan: the negative L1 distance between a query and a key; a key's score needs only
        // its own row and the query, so a stream scores each arriving key once.
        plugins.alignment("manhattan", "negative L1 distance: a(k, q) = −Σ_c |q_c − k_c|",
                context -> new ManhattanAlignment())
                .scoresEachKeyAlone();

        // power: weights proportional to the positive part of the scores to the power p; p ≥ 1 keeps
        // the weights differentiable where a score crosses 0.
        plugins.distribution("power", "w_j = max(s_j, 0)^p / Σ_k max(s_k, 0)^p; uniform when no score is positive",
                context -> new PowerDistribution(context.getDouble("p")))
                .parameters(ParameterSpec.doubleParam("p").defaultValue(2.0).atLeast(1).atMost(16)
                        .doc("exponent; larger is sharper"));

        // tempered: softmax at temperature t. It declares that form, so with a dot-product alignment
        // the engine's variants run it on the fused kernel, as they run the shipped softmax.
        plugins.distribution("tempered", "w_j = exp(s_j / t) / Σ_k exp(s_k / t); declares softmax at temperature t",
                context -> new TemperedDistribution(context.getDouble("t")))
                .parameters(ParameterSpec.doubleParam("t").defaultValue(1.0).atLeast(0.01).atMost(100)
                        .doc("temperature; smaller is sharper"));
    }
}
