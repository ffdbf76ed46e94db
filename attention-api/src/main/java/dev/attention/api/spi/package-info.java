/**
 * The service provider interface: plugin providers found by {@link java.util.ServiceLoader}, their
 * parameter declarations and the {@link dev.attention.api.spi.PluginContext} through which
 * configuration reaches them.
 */
package dev.attention.api.spi;
