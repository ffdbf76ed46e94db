package dev.attention.api.spi;

/**
 * Creates a plugin from its validated parameters: what a registration hands the engine in place of
 * a provider class.
 *
 * @param <T> the plugin type
 */
@FunctionalInterface
public interface PluginFactory<T> {

    /**
     * @param context the declared parameters (validated, defaults applied), dtype, seed, widths and,
     *     for a variant, the alignment and distribution it composes
     * @throws dev.attention.api.ConfigException for a combination of values the declarations cannot
     *     express (name the key)
     */
    T create(PluginContext context);
}
