package dev.attention.api.spi;

import dev.attention.api.ApiVersion;

/**
 * The one entry point of a plugin jar: it declares every alignment, distribution and variant the
 * jar offers through a {@link PluginRegistrar}. A jar lists its entry point on one line of
 * {@code META-INF/services/dev.attention.api.spi.AttentionPlugin}; the engine (and the contract kit)
 * find it with {@link java.util.ServiceLoader}, call {@link #register} once and look plugins up by
 * kind and id. The entry point has a public no-argument constructor and keeps no state.
 *
 * <p>A complete plugin jar with one alignment and one distribution:
 *
 * <pre>{@code
 * package com.example.attention;
 *
 * public final class ExamplePlugin implements AttentionPlugin {
 *     @Override
 *     public String apiVersion() {
 *         return API_VERSION;                 // compiled into this class: the API the jar was built for
 *     }
 *
 *     @Override
 *     public void register(PluginRegistrar plugins) {
 *         // a(k, q) = −Σ_i |q_i − k_i|; queries [batch…, n, d], keys [batch…, m, d] → scores [batch…, n, m]
 *         plugins.alignment("manhattan", "negative L1 distance: a(k, q) = −Σ_i |q_i − k_i|",
 *                 context -> new ManhattanAlignment())
 *                 .scoresEachKeyAlone();
 *         // w_j = s_j^p / Σ_l s_l^p over a row of non-negative scores; weights have the scores' shape
 *         plugins.distribution("power", "power normalisation: w_j = s_j^p / Σ_l s_l^p",
 *                 context -> new PowerDistribution(context.getDouble("p")))
 *                 .parameters(ParameterSpec.doubleParam("p").defaultValue(2.0).greaterThan(0)
 *                         .doc("exponent p; larger is sharper"));
 *     }
 * }
 * }</pre>
 *
 * with {@code src/main/resources/META-INF/services/dev.attention.api.spi.AttentionPlugin} holding the
 * line {@code com.example.attention.ExamplePlugin}, and one contract test per plugin naming its id
 * ({@code class ManhattanContractTest extends AlignmentContract { protected String id() { return
 * "manhattan"; } }}). Adding a plugin to the jar later is its class, one registration and its test.
 *
 * <p>Jars built against an API before the entry point list one provider class per plugin under
 * {@code META-INF/services/dev.attention.api.spi.AlignmentProvider} (and the distribution and variant
 * files); the engine loads those too, and an id declared both ways is an error naming both classes.
 */
public interface AttentionPlugin {

    /**
     * The API version this code is compiled against; a compile-time constant, so javac copies its
     * value into the class that reads it (see {@link #apiVersion()}).
     */
    String API_VERSION = ApiVersion.CURRENT;

    /**
     * The API version this jar was built for; write exactly {@code return API_VERSION;}. Not a
     * default method on purpose: a default's body is compiled into the API, so it would report the
     * version of the API the plugin runs on, never the one it was built for. The engine refuses every
     * plugin of a jar built for another major version, naming the jar.
     */
    String apiVersion();

    /**
     * Declares the jar's plugins. Called once per discovery, before any plugin is created; declare
     * only, create nothing here (factories run later, per pipeline).
     *
     * @param plugins where each plugin is declared with its kind, id, description, parameters and factory
     */
    void register(PluginRegistrar plugins);
}
