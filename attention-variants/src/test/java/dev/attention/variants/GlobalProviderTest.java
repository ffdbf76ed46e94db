package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.VariantProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider is discoverable and describes itself. */
class GlobalProviderTest {

    @Test
    void service_loader_finds_this_modules_one_entry_point_and_global_through_it() {
        List<String> found = ServiceLoader.load(AttentionPlugin.class).stream().map(p -> p.type().getName()).toList();
        assertEquals(List.of(VariantsPlugin.class.getName()), found);
        assertTrue(Fixtures.all().stream().anyMatch(p -> p.id().equals("global")), "VariantsPlugin declares global");
    }

    @Test
    void the_entry_point_declares_exactly_these_variants() {
        assertEquals(List.of("active-memory", "area", "co-attention", "cross", "global", "graph", "hard", "local-m", "local-p",
                "memory", "mocha", "monotonic", "multi-head", "multi-representational", "multidimensional", "multilevel", "pooling",
                "self"), Fixtures.all().stream().map(VariantProvider::id).sorted().toList());
    }

    @Test
    void global_has_no_parameters_of_its_own_and_a_formula_in_its_description() {
        VariantProvider p = Fixtures.provider("global");
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
