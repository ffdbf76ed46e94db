package dev.attention.api.spi;

import dev.attention.api.Distribution;

/** Service interface for {@link Distribution} plugins. */
public interface DistributionProvider extends PluginProvider<Distribution> {
    @Override
    default PluginKind kind() {
        return PluginKind.DISTRIBUTION;
    }
}
