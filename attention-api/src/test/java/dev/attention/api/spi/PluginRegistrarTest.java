package dev.attention.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.ApiVersion;
import dev.attention.api.Distribution;
import dev.attention.api.PluginException;
import dev.attention.api.Variant;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What one entry point declares is what the engine and the kit get as providers. */
class PluginRegistrarTest {
    private static final ParameterSpec P = ParameterSpec.doubleParam("p").defaultValue(2.0).greaterThan(0);

    /** An entry point running {@code body}, built for {@code version}. */
    private static AttentionPlugin plugin(String version, Consumer<PluginRegistrar> body) {
        return new AttentionPlugin() {
            @Override
            public String apiVersion() {
                return version;
            }

            @Override
            public void register(PluginRegistrar plugins) {
                body.accept(plugins);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (o, m, a) -> {
            throw new UnsupportedOperationException(m.getName());
        });
    }

    @Test
    void each_declaration_becomes_a_provider_of_its_kind_with_the_jars_api_version() {
        Alignment alignment = stub(Alignment.class);
        Distribution distribution = stub(Distribution.class);
        Variant variant = stub(Variant.class);
        AtomicReference<Double> seen = new AtomicReference<>();
        StreamForm cache = StreamForm.keyValueCache(4);
        List<PluginProvider<?>> providers = PluginRegistrar.providers(plugin("0.0", r -> {
            r.alignment("manhattan", "a(k, q) = −Σ|q − k|", c -> alignment).scoresEachKeyAlone();
            r.distribution("power", "w = s^p / Σ s^p", c -> {
                seen.set(c.getDouble("p"));
                return distribution;
            }).parameters(P);
            r.variant("tiny", "one query", c -> variant).takesLevels().streamForm(c -> cache)
                    .composes(PluginKind.DISTRIBUTION);
            r.variant("plain", "no declarations", c -> variant);
        }));
        assertEquals(List.of("manhattan", "power", "tiny", "plain"), providers.stream().map(PluginProvider::id).toList());
        assertEquals(List.of(PluginKind.ALIGNMENT, PluginKind.DISTRIBUTION, PluginKind.VARIANT, PluginKind.VARIANT),
                providers.stream().map(PluginProvider::kind).toList());
        providers.forEach(p -> assertEquals("0.0", p.apiVersion(), p.id()));

        AlignmentProvider a = (AlignmentProvider) providers.get(0);
        assertTrue(a.scoresEachKeyAlone());
        assertEquals("a(k, q) = −Σ|q − k|", a.description());
        assertSame(alignment, a.create(PluginContext.builder("manhattan", a.parameters()).build()));

        DistributionProvider d = (DistributionProvider) providers.get(1);
        assertEquals(List.of(P), d.parameters());
        assertSame(distribution, d.create(PluginContext.builder("power", d.parameters()).parameter("p", 3).build()));
        assertEquals(3.0, seen.get(), "the factory gets the validated context");

        VariantProvider v = (VariantProvider) providers.get(2);
        PluginContext none = PluginContext.builder("tiny", List.of()).build();
        assertTrue(v.takesLevels());
        assertSame(cache, v.streamForm(none));
        assertEquals(java.util.Set.of(PluginKind.DISTRIBUTION), v.composes());
        VariantProvider plain = (VariantProvider) providers.get(3);
        assertFalse(plain.takesLevels());
        assertEquals(StreamForm.Kind.NONE, plain.streamForm(none).kind());
        assertEquals(List.of(), plain.imports());
        assertEquals(java.util.Set.of(PluginKind.ALIGNMENT, PluginKind.DISTRIBUTION), plain.composes());
    }

    @Test
    void a_variant_composes_only_alignments_and_distributions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginRegistrar.providers(
                plugin("0.0", r -> r.variant("odd", "x", c -> stub(Variant.class)).composes(PluginKind.VARIANT))));
        assertTrue(e.getMessage().contains("not a variant"), e.getMessage());
    }

    @Test
    void the_api_version_is_the_one_compiled_into_the_entry_point() {
        AttentionPlugin current = new AttentionPlugin() {
            @Override
            public String apiVersion() {
                return API_VERSION;
            }

            @Override
            public void register(PluginRegistrar plugins) {
                plugins.alignment("dot", "qᵀk", c -> null);
            }
        };
        assertEquals(ApiVersion.CURRENT, PluginRegistrar.providers(current).get(0).apiVersion());
    }

    @Test
    void a_malformed_id_names_the_entry_point_and_the_rule() {
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistrar.providers(
                plugin("0.0", r -> r.alignment("Manhattan", "L1", c -> null))));
        assertTrue(e.getMessage().startsWith("alignment declared by " + PluginRegistrarTest.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("has id 'Manhattan'; ids are lowercase letters"), e.getMessage());
        assertEquals("Manhattan", e.pluginId().orElseThrow());
    }

    @Test
    void an_id_declared_twice_for_one_kind_is_refused_but_two_kinds_may_share_it() {
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistrar.providers(plugin("0.0", r -> {
            r.distribution("power", "one", c -> null);
            r.distribution("power", "two", c -> null);
        })));
        assertTrue(e.getMessage().startsWith("distribution 'power' is declared twice by "), e.getMessage());
        assertEquals(2, PluginRegistrar.providers(plugin("0.0", r -> {
            r.alignment("power", "one", c -> null);
            r.distribution("power", "two", c -> null);
        })).size());
    }

    @Test
    void a_blank_description_or_a_missing_factory_is_refused() {
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistrar.providers(
                plugin("0.0", r -> r.variant("tiny", " ", c -> null))));
        assertTrue(e.getMessage().contains("'tiny' declared by") && e.getMessage().contains("has no description"),
                e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> PluginRegistrar.providers(
                plugin("0.0", r -> r.variant("tiny", "t", null))));
        assertTrue(n.getMessage().contains("factory of 'tiny'"), n.getMessage());
    }
}
