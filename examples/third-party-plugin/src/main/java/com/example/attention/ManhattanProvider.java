package com.example.attention;

import dev.attention.api.Alignment;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;

/** {@code manhattan}: the negative L1 distance between a query and a key. */
public final class ManhattanProvider implements AlignmentProvider {
    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "manhattan";
    }

    @Override
    public String description() {
        return "negative L1 distance: a(k, q) = −Σ_c |q_c − k_c|";
    }

    @Override
    public Alignment create(PluginContext context) {
        return new ManhattanAlignment();
    }
}
