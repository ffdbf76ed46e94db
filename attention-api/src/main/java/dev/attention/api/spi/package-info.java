/**
 * The service provider interface: a jar's one {@link dev.attention.api.spi.AttentionPlugin} entry
 * point, found by {@link java.util.ServiceLoader}, declares its plugins through the
 * {@link dev.attention.api.spi.PluginRegistrar} (ids by the {@link dev.attention.api.spi.PluginId}
 * rule, {@link dev.attention.api.spi.ParameterSpec} declarations, factories); the
 * {@link dev.attention.api.spi.PluginContext} is how configuration reaches them. The provider
 * interfaces are the engine's view of a declared plugin, and what jars of the previous API implement.
 */
package dev.attention.api.spi;
