package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.InputSpec;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters, learned shapes, inputs and refusals of co-attention, multi-representational and multilevel. */
class HierarchyProvidersTest {

    private static Map<String, List<Integer>> shapes(Parameters p) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        p.asMap().forEach((n, t) -> out.put(n, Arrays.stream(t.shape()).boxed().toList()));
        return out;
    }

    @Test
    void co_attention_learns_the_documented_shapes_in_both_modes() {
        AttentionInputs in = HierarchyFixtures.coAttention();
        Variant parallel = HierarchyFixtures.create(Fixtures.provider("co-attention"), Map.of("hidden", 5), in);
        assertEquals(Map.of("variant.W_c", List.of(2, 3), "variant.W_a", List.of(5, 2), "variant.W_b", List.of(5, 3),
                "variant.w_a", List.of(1, 5), "variant.w_b", List.of(1, 5)), shapes(parallel.parameters()));
        Variant alternating = HierarchyFixtures.create(Fixtures.provider("co-attention"),
                Map.of("hidden", 5, "mode", "alternating"), in);
        assertEquals(List.of("variant.W_x1", "variant.w1", "variant.W_x2", "variant.W_g2", "variant.w2",
                "variant.W_x3", "variant.W_g3", "variant.w3"), List.copyOf(alternating.parameters().names()));
        assertEquals(List.of(5, 3), shapes(alternating.parameters()).get("variant.W_x1"));
        assertEquals(List.of(5, 3), shapes(alternating.parameters()).get("variant.W_g2"));
        assertEquals(List.of(5, 2), shapes(alternating.parameters()).get("variant.W_g3"));
        // Named random streams: no two matrices of equal shape start equal.
        assertFalse(parallel.parameters().get("variant.w_a").equals(parallel.parameters().get("variant.w_b")));
        assertThrows(ConfigException.class, () -> HierarchyFixtures.create(Fixtures.provider("co-attention"),
                Map.of("mode", "sequential"), in));
    }

    @Test
    void co_attention_weights_sum_to_one_over_real_rows_and_ignore_padding_content() {
        AttentionInputs in = HierarchyFixtures.coAttention();
        for (String mode : List.of("parallel", "alternating")) {
            Variant v = HierarchyFixtures.create(Fixtures.provider("co-attention"), Map.of("mode", mode), in);
            var r = v.forward(in);
            assertEquals(1.0, r.get("weights").get(1, 0, 0) + r.get("weights").get(1, 0, 1), 1e-12);
            assertEquals(0.0, r.get("weights").get(1, 0, 2));
            assertEquals(0.0, r.get("weights_b").get(1, 0, 3));
            // Garbage in the padding changes nothing.
            Tensor.Builder a = Tensor.builder(DType.FLOAT64, 2, 3, 2);
            Tensor a0 = in.tensor("a");
            for (int k = 0; k < a0.size(); k++) {
                a.set(k, a0.at(k));
            }
            a.set(1, 2, 0, 99);
            assertEquals(r.asMap(), v.forward(in.with("a", a.build())).asMap(), mode);
        }
    }

    @Test
    void representations_name_the_inputs_and_size_the_projections() {
        Variant v = HierarchyFixtures.create(Fixtures.provider("multi-representational"),
                Map.of("representations", " glove , elmo", "dim", 3), HierarchyFixtures.representations());
        assertEquals(List.of("glove", "elmo"), v.inputs().stream().map(InputSpec::name).toList());
        assertEquals(Map.of("variant.P_glove", List.of(3, 2), "variant.P_elmo", List.of(3, 4), "variant.u",
                List.of(1, 3)), shapes(v.parameters()));
        var r = v.forward(HierarchyFixtures.representations());
        assertEquals(List.of(2, 3, 2), Arrays.stream(r.get("weights").shape()).boxed().toList());
        assertEquals(1.0, r.get("weights").get(0, 1, 0) + r.get("weights").get(0, 1, 1), 1e-12);
        assertEquals(0.0, r.get("weights").get(1, 2, 0));
        Variant dimDefault = HierarchyFixtures.create(Fixtures.provider("multi-representational"),
                Map.of("representations", "elmo,glove"), HierarchyFixtures.representations());
        assertEquals(List.of(4, 2), shapes(dimDefault.parameters()).get("variant.P_glove"), "dim 0 = the first's width");
    }

    @Test
    void bad_representation_lists_name_the_parameter() {
        for (String bad : List.of("glove", "glove,,elmo", "glove,glove")) {
            ConfigException e = assertThrows(ConfigException.class, () -> HierarchyFixtures.create(
                    Fixtures.provider("multi-representational"), Map.of("representations", bad),
                    HierarchyFixtures.representations()), bad);
            assertEquals("representations", e.key().orElseThrow());
        }
    }

    @Test
    void multilevel_takes_levels_defaults_to_two_and_refuses_shallow_input() {
        assertTrue(Fixtures.provider("multilevel").takesLevels());
        assertFalse(Fixtures.provider("pooling").takesLevels());
        Variant v = HierarchyFixtures.create(Fixtures.provider("multilevel"), Map.of(), HierarchyFixtures.documents());
        assertEquals(List.of("variant.level1.u", "variant.level2.u"), List.copyOf(v.parameters().names()));
        assertFalse(v.parameters().get("variant.level1.u").equals(v.parameters().get("variant.level2.u")),
                "levels draw from their own streams");
        ShapeException e = assertThrows(ShapeException.class, () -> v.forward(AttentionInputs.builder()
                .put("sequence", Tensor.zeros(DType.FLOAT64, 3, 2)).build()));
        assertTrue(e.getMessage().contains("rank ≥ 3"), e.getMessage());
        assertThrows(ShapeException.class, () -> v.withParameters(Parameters.of("variant.level3.u",
                Tensor.zeros(DType.FLOAT64, 1, 2))));
    }
}
