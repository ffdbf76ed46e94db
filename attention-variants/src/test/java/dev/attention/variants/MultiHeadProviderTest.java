package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.InputSpec;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** multi-head's settings, shapes, parameter names and refusals at creation. */
class MultiHeadProviderTest {

    @Test
    void service_loader_finds_multi_head_and_multidimensional() {
        List<String> ids = Fixtures.all().stream().map(VariantProvider::id)
                .collect(Collectors.toList());
        assertTrue(ids.containsAll(List.of("multi-head", "multidimensional")), ids.toString());
    }

    @Test
    void dim_not_divisible_by_heads_is_refused_naming_heads() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MultiHeadPropertyTest.create(Map.of("heads", 2), 3, 0));
        assertEquals("heads", e.key().orElse(null));
        assertTrue(e.getMessage().contains("dim 3"), e.getMessage());
        assertThrows(ConfigException.class, () -> MultiHeadPropertyTest.create(Map.of("heads", 4, "dim", 6), 3, 0));
    }

    @Test
    void defaults_one_head_over_the_input_width_for_any_width() {
        Variant v = MultiHeadPropertyTest.create(Map.of(), 3, 0);
        assertEquals(List.of(3, 3), List.of(v.parameters().get("variant.W_q").rows(), v.parameters().get("variant.W_q").cols()));
        assertArrayEquals(new int[] {1, 3}, v.parameters().get("variant.b_o").shape());
    }

    @Test
    void dropout_must_be_below_one() {
        assertThrows(ConfigException.class, () -> MultiHeadPropertyTest.create(Map.of("dropout", 1.0), 4, 0));
        assertThrows(ConfigException.class, () -> MultiHeadPropertyTest.create(Map.of("dropout", -0.1), 4, 0));
    }

    @Test
    void inputs_follow_the_inputs_setting() {
        assertEquals(List.of("sequence"), names(MultiHeadPropertyTest.create(Map.of(), 4, 0).inputs()));
        Variant cross = InputFixtures.create(Fixtures.provider("multi-head"), Map.of("inputs", "cross"),
                Map.of("queries", 2, "keys", 3, "values", 1));
        assertEquals(List.of("queries", "keys", "values"), names(cross.inputs()));
        // dim defaults to the queries' width: W_q [2, 2], W_k [2, 3], W_v [2, 1], W_o [2, 2].
        assertArrayEquals(new int[] {2, 3}, cross.parameters().get("variant.W_k").shape());
        assertArrayEquals(new int[] {2, 1}, cross.parameters().get("variant.W_v").shape());
    }

    @Test
    void unbatched_weights_are_heads_by_n_by_m_and_the_mean_is_over_heads() {
        Variant v = MultiHeadPropertyTest.create(Map.of("heads", 2, "average-weights", true), 4, 0);
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {5, 4}, 1, -1, 1)).build());
        assertArrayEquals(new int[] {5, 4}, r.output().shape());
        Tensor w = r.weights().orElseThrow();
        assertArrayEquals(new int[] {2, 5, 5}, w.shape());
        Tensor mean = r.get("weights_mean");
        assertArrayEquals(new int[] {5, 5}, mean.shape());
        for (int k = 0; k < mean.size(); k++) {
            assertEquals((w.at(k) + w.at(25 + k)) / 2, mean.at(k), 1e-15);
        }
        AttentionResult batched = v.forward(AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {3, 5, 4}, 1, -1, 1)).build());
        assertArrayEquals(new int[] {3, 2, 5, 5}, batched.weights().orElseThrow().shape());
        assertEquals(List.of("output", "weights"),
                new ArrayList<>(MultiHeadPropertyTest.create(Map.of("heads", 2), 4, 0).forward(AttentionInputs.builder()
                        .put("sequence", GradientCheck.random(new int[] {5, 4}, 1, -1, 1)).build()).names()));
    }

    @Test
    void the_mean_weights_have_a_checked_gradient() {
        Variant v = MultiHeadPropertyTest.create(Map.of("heads", 2, "average-weights", true), 4, 0);
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, 3, 4}, 2, -1, 1)).build();
        AttentionResult r = v.forward(in);
        Tensor probe = GradientCheck.probe(r.get("weights_mean").shape(), 5);
        VariantGradients g = v.backward(in, r, Map.of("weights_mean", probe));
        GradientCheck.check("sequence", in.tensor("sequence"),
                x -> GradientCheck.dot(probe, v.forward(in.with("sequence", x)).get("weights_mean")),
                g.inputs().get("sequence"));
    }

    @Test
    void parameter_names_with_and_without_bias_and_per_head_alignments() {
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o", "variant.b_q", "variant.b_k",
                "variant.b_v", "variant.b_o"), new ArrayList<>(MultiHeadPropertyTest.create(Map.of(), 4, 0).parameters().names()));
        Variant learnable = Fixtures.provider("multi-head").create(PluginContext.builder("multi-head", Fixtures.provider("multi-head").parameters())
                .parameters(Map.of("heads", 2, "bias", false, "positional", "learned", "max-length", 7))
                .width("sequence", 4).alignment(TestComponents.scaledDot(0.5))
                .distribution(TestComponents.temperedSoftmax(2)).build());
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o", "variant.positions",
                "alignment.head0.c", "alignment.head1.c", "distribution.head0.t", "distribution.head1.t"),
                new ArrayList<>(learnable.parameters().names()));
        assertArrayEquals(new int[] {7, 4}, learnable.parameters().get("variant.positions").shape());
        // Heads take their own values.
        Variant changed = learnable.withParameters(Parameters.of("alignment.head1.c", Tensor.of(
                dev.attention.api.DType.FLOAT64, new int[] {1, 1}, 3.0)));
        assertEquals(0.5, changed.parameters().get("alignment.head0.c").at(0));
        assertEquals(3.0, changed.parameters().get("alignment.head1.c").at(0));
        Variant tempered = learnable.withParameters(Parameters.of("distribution.head0.t", Tensor.of(
                dev.attention.api.DType.FLOAT64, new int[] {1, 1}, 5.0)));
        assertEquals(5.0, tempered.parameters().get("distribution.head0.t").at(0));
        assertEquals(2.0, tempered.parameters().get("distribution.head1.t").at(0));
    }

    @Test
    void each_matrix_has_its_own_random_stream() {
        Parameters p = MultiHeadPropertyTest.create(Map.of("heads", 2), 4, 0).parameters();
        assertNotEquals(p.get("variant.W_q"), p.get("variant.W_k"));
        assertNotEquals(p.get("variant.W_k"), p.get("variant.W_v"));
        assertNotEquals(p.get("variant.W_q").at(0), p.get("variant.W_o").at(0));
        assertEquals(p, MultiHeadPropertyTest.create(Map.of("heads", 2), 4, 0).parameters(), "same seed, same values");
    }

    @Test
    void the_alignment_is_asked_for_the_head_width() {
        Map<String, Integer> seen = new HashMap<>();
        VariantProvider p = Fixtures.provider("multi-head");
        p.create(PluginContext.builder(p.id(), p.parameters()).parameters(Map.of("heads", 3, "dim", 6))
                .width("sequence", 4).alignments(w -> {
                    seen.putAll(w);
                    return ReferenceComponents.dot();
                }).distribution(ReferenceComponents.softmax()).build());
        assertEquals(Map.of("queries", 2, "keys", 2), seen);
    }

    @Test
    void padded_query_rows_give_zero_even_with_an_output_bias() {
        Variant v = MultiHeadPropertyTest.create(Map.of("heads", 2), 4, 0).withParameters(Parameters.of(
                "variant.b_o", Tensor.of(dev.attention.api.DType.FLOAT64, new int[] {1, 4}, 1, 2, 3, 4)));
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, 3, 4}, 3, -1, 1), 3, 1).build());
        for (int i = 1; i < 3; i++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(0.0, r.output().get(1, i, c));
            }
        }
        assertNotEquals(0.0, r.output().get(1, 0, 0));
    }

    @Test
    void different_seeds_drop_different_weights_in_training() {
        AttentionInputs train = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, 6, 4}, 4, -1, 1)).mode(Mode.TRAIN).build();
        Tensor a = MultiHeadPropertyTest.create(Map.of("heads", 2, "dropout", 0.5), 4, 1).withParameters(
                MultiHeadPropertyTest.create(Map.of("heads", 2), 4, 9).parameters()).forward(train).weights().orElseThrow();
        Tensor b = MultiHeadPropertyTest.create(Map.of("heads", 2, "dropout", 0.5), 4, 2).withParameters(
                MultiHeadPropertyTest.create(Map.of("heads", 2), 4, 9).parameters()).forward(train).weights().orElseThrow();
        assertNotEquals(a, b, "same parameters, other seed: another dropout mask");
    }

    private static List<String> names(List<InputSpec> specs) {
        return specs.stream().map(InputSpec::name).collect(Collectors.toList());
    }
}
