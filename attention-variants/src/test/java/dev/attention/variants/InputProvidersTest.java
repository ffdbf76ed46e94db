package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.InputSpec;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.ReferenceComponents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** self, cross and pooling are discoverable, declare their parameters and refuse bad settings at creation. */
class InputProvidersTest {

    @Test
    void service_loader_finds_the_input_variants_next_to_global() {
        List<String> ids = Fixtures.all().stream()
                .map(VariantProvider::id).collect(Collectors.toList());
        assertTrue(ids.containsAll(List.of("global", "self", "cross", "pooling")), ids.toString());
    }

    @Test
    void parameters_with_defaults_and_ranges() {
        List<String> positional = List.of("positional: string = none in none | sinusoidal | learned | sinusoidal-2d",
                "max-length: integer = 512 in [1, ∞)", "alibi: boolean = false");
        assertEquals(concat(List.of("project: boolean = false", "dim: integer = 0 in [0, ∞)", "causal: boolean = false",
                "window: integer = 0 in [0, ∞)"), positional), describe(Fixtures.provider("self")));
        assertEquals(concat(List.of("project: boolean = false", "dim: integer = 0 in [0, ∞)", "causal: boolean = false"),
                positional), describe(Fixtures.provider("cross")));
        assertEquals(List.of("hidden: integer = 0 in [0, ∞)", positional.get(0), positional.get(1)),
                describe(Fixtures.provider("pooling")));
    }

    @Test
    void descriptions_carry_the_formula() {
        for (VariantProvider p : List.of(Fixtures.provider("self"), Fixtures.provider("cross"), Fixtures.provider("pooling"))) {
            assertTrue(p.description().contains("Σ"), p.description());
        }
    }

    @Test
    void declared_inputs() {
        assertEquals(List.of("sequence"), names(InputFixtures.create(Fixtures.provider("self"), Map.of(), Map.of()).inputs()));
        assertEquals(List.of("queries", "keys", "values"),
                names(InputFixtures.create(Fixtures.provider("cross"), Map.of(), Map.of()).inputs()));
        assertEquals(List.of("sequence"),
                names(InputFixtures.create(Fixtures.provider("pooling"), Map.of(), Map.of("sequence", 2)).inputs()));
    }

    @Test
    void negative_window_dim_or_hidden_are_refused_by_their_ranges() {
        assertThrows(ConfigException.class, () -> InputFixtures.create(Fixtures.provider("self"), Map.of("window", -1), Map.of()));
        assertThrows(ConfigException.class, () -> InputFixtures.create(Fixtures.provider("cross"), Map.of("dim", -1), Map.of()));
        assertThrows(ConfigException.class,
                () -> InputFixtures.create(Fixtures.provider("pooling"), Map.of("hidden", -1), Map.of("sequence", 2)));
    }

    @Test
    void dim_without_projections_is_refused_naming_dim() {
        for (VariantProvider p : List.of(Fixtures.provider("self"), Fixtures.provider("cross"))) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> InputFixtures.create(p, Map.of("dim", 4), Map.of("sequence", 2)));
            assertEquals("dim", e.key().orElse(null), e.getMessage());
        }
    }

    @Test
    void projections_without_known_widths_are_refused_naming_project() {
        ConfigException self = assertThrows(ConfigException.class,
                () -> InputFixtures.create(Fixtures.provider("self"), Map.of("project", true), Map.of()));
        assertEquals("project", self.key().orElse(null));
        assertTrue(self.getMessage().contains("sequence"), self.getMessage());
        // cross needs all three widths; here values is missing.
        ConfigException cross = assertThrows(ConfigException.class, () -> InputFixtures.create(Fixtures.provider("cross"),
                Map.of("project", true), Map.of("queries", 2, "keys", 2)));
        assertTrue(cross.getMessage().contains("values"), cross.getMessage());
        ConfigException pooling = assertThrows(ConfigException.class,
                () -> InputFixtures.create(Fixtures.provider("pooling"), Map.of(), Map.of()));
        assertTrue(pooling.getMessage().contains("sequence"), pooling.getMessage());
    }

    @Test
    void the_alignment_is_asked_for_the_widths_the_variant_feeds_it() {
        assertEquals(Map.of("queries", 5, "keys", 5),
                requestedWidths(Fixtures.provider("self"), Map.of("project", true, "dim", 5), Map.of("sequence", 2)));
        assertEquals(Map.of("queries", 2, "keys", 2),
                requestedWidths(Fixtures.provider("self"), Map.of(), Map.of("sequence", 2)));
        // cross projects to dim = d_q by default; without projections the inputs' own widths.
        assertEquals(Map.of("queries", 3, "keys", 3), requestedWidths(Fixtures.provider("cross"), Map.of("project", true),
                Map.of("queries", 3, "keys", 4, "values", 1)));
        assertEquals(Map.of("queries", 3, "keys", 4), requestedWidths(Fixtures.provider("cross"), Map.of(),
                Map.of("queries", 3, "keys", 4, "values", 1)));
        assertEquals(Map.of("queries", 4, "keys", 4),
                requestedWidths(Fixtures.provider("pooling"), Map.of("hidden", 4), Map.of("sequence", 2)));
        assertEquals(Map.of("queries", 2, "keys", 2),
                requestedWidths(Fixtures.provider("pooling"), Map.of(), Map.of("sequence", 2)));
    }

    private static Map<String, Integer> requestedWidths(VariantProvider p, Map<String, ?> parameters,
            Map<String, Integer> widths) {
        Map<String, Integer> seen = new HashMap<>();
        p.create(PluginContext.builder(p.id(), p.parameters()).parameters(parameters).widths(widths)
                .alignments(w -> {
                    seen.putAll(w);
                    return ReferenceComponents.dot();
                }).distribution(ReferenceComponents.softmax()).build());
        return seen;
    }

    private static List<String> describe(VariantProvider p) {
        List<String> out = new ArrayList<>();
        for (ParameterSpec s : p.parameters()) {
            out.add(s.toString());
            assertTrue(!s.doc().isBlank(), s.name() + " is documented");
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> names(List<InputSpec> specs) {
        return specs.stream().map(InputSpec::name).collect(Collectors.toList());
    }
}
