package dev.attention.api.spi;

import dev.attention.api.Alignment;

/** Service interface for {@link Alignment} plugins. */
public interface AlignmentProvider extends PluginProvider<Alignment> {
    @Override
    default PluginKind kind() {
        return PluginKind.ALIGNMENT;
    }
}
