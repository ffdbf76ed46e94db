package dev.attention.variants;

import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.StreamForm;
import dev.attention.api.spi.VariantProvider;

/**
 * Provider of the {@code global} variant: soft attention of every query over all (unpadded) keys,
 * {@code output_i = Σ_j f(a(K_j, Q_i)) · V_j}. Takes no parameters of its own; the alignment
 * {@code a} and distribution {@code f} come from the {@link PluginContext}.
 */
public final class GlobalProvider implements VariantProvider {

    public GlobalProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "global";
    }

    @Override
    public String description() {
        return "global (soft) attention over all keys: output_i = Σ_j f(a(K_j, Q_i)) · V_j";
    }

    @Override
    public Variant create(PluginContext context) {
        return new GlobalVariant(context.alignment(), context.distribution(), context.kernel());
    }

    /** Every query stands while keys and values arrive. */
    @Override
    public StreamForm streamForm(PluginContext context) {
        return StreamForm.standingQueries();
    }
}
