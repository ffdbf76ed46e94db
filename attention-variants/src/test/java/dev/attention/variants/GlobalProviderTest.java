package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.VariantProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider is discoverable and describes itself. */
class GlobalProviderTest {

    @Test
    void service_loader_finds_global() {
        boolean found = ServiceLoader.load(VariantProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .anyMatch(p -> p.id().equals("global") && p instanceof GlobalProvider);
        assertTrue(found, "META-INF/services lists GlobalProvider");
    }

    @Test
    void global_has_no_parameters_of_its_own_and_a_formula_in_its_description() {
        GlobalProvider p = new GlobalProvider();
        assertEquals(PluginKind.VARIANT, p.kind());
        assertTrue(p.parameters().isEmpty());
        assertTrue(p.description().contains("Σ_j"), p.description());
    }

    @Test
    void inputs_are_queries_keys_values_all_required() {
        var inputs = Fixtures.global(TestComponents.scaledDot(1), TestComponents.temperedSoftmax(1)).inputs();
        assertEquals(java.util.List.of("queries", "keys", "values"),
                inputs.stream().map(s -> s.name()).collect(java.util.stream.Collectors.toList()));
        assertTrue(inputs.stream().allMatch(s -> s.required()));
    }
}
