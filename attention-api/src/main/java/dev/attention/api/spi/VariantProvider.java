package dev.attention.api.spi;

import dev.attention.api.Variant;

/**
 * Service interface for {@link Variant} plugins. {@link PluginContext#alignment()} and
 * {@link PluginContext#distribution()} hand the variant the components it composes.
 */
public interface VariantProvider extends PluginProvider<Variant> {
    @Override
    default PluginKind kind() {
        return PluginKind.VARIANT;
    }
}
