package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * multi-head with grouped-query heads, a head-dim apart from dim / heads, soft-capped scores and
 * separate bias switches, forward values against numpy ({@code tools/reference_multihead_modern.py},
 * which repeats K/V heads as PyTorch's repeat_interleave does), on the kernel path and on the
 * general path; rotary positions (both layouts, partial, offset) against Hugging Face's formulas and
 * finite differences; and the settings' parameter shapes and refusals.
 */
class MultiHeadModernReferenceTest {
    private static final Map<String, Tensor> ALL = ReferenceFile.read("reference-multihead-modern.txt");

    @Test
    void grouped_query_self_attention_soft_capped_with_qwen_biases_on_both_paths() {
        Map<String, Object> config = Map.of("heads", 4, "kv-heads", 2, "head-dim", 3, "dim", 5, "causal", true,
                "softcap", 0.7, "bias-o", false);
        assertBothPaths("gqa-self", config);
    }

    @Test
    void multi_query_cross_attention_without_biases_on_both_paths() {
        Map<String, Object> config = Map.of("inputs", "cross", "heads", 3, "kv-heads", 1, "head-dim", 2, "dim", 4,
                "bias", false);
        assertBothPaths("mqa-cross", config);
    }

    @Test
    void rotary_rotate_half_partial_with_an_offset_matches_llamas_formula_on_both_paths() {
        Map<String, Object> config = Map.of("heads", 2, "kv-heads", 1, "head-dim", 6, "dim", 4, "causal", true,
                "rope", true, "rope-dims", 4, "rope-theta", 50.0, "rope-offset", 3);
        assertBothPaths("rope-half-self", config);
    }

    @Test
    void rotary_interleaved_partial_cross_attention_matches_gpt_js_formula_on_both_paths() {
        Map<String, Object> config = Map.of("inputs", "cross", "heads", 2, "head-dim", 4, "dim", 4, "bias", false,
                "rope", true, "rope-dims", 2, "rope-layout", "interleaved", "rope-offset", 7);
        assertBothPaths("rope-interleaved-cross", config);
    }

    @Test
    void rotary_gradients_match_finite_differences_on_both_paths() {
        Map<String, Object> config = Map.of("heads", 2, "kv-heads", 1, "head-dim", 4, "dim", 4, "causal", true,
                "rope", true, "rope-dims", 2, "rope-theta", 7.0, "rope-offset", 2);
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, 4, 3}, 31, -1.5, 1.5), 4, 3).build();
        for (boolean declared : new boolean[] {true, false}) {
            Variant v = create(config, Map.of("sequence", 3), new KernelComponents.Counting(), declared);
            Parameters p = v.parameters();
            Map<String, Tensor> probes = Map.of("output", GradientCheck.probe(new int[] {2, 4, 4}, 5),
                    "weights", GradientCheck.probe(new int[] {2, 2, 4, 4}, 6));
            AttentionResult r = v.forward(in);
            VariantGradients g = v.backward(in, r, probes);
            for (String name : List.of("variant.W_q", "variant.W_k", "variant.b_q")) {
                GradientCheck.check(name, p.get(name), x -> loss(v.withParameters(Parameters.of(name, x)).forward(in),
                        probes), g.parameters().get(name));
            }
            GradientCheck.check("sequence", in.tensor("sequence"), x -> loss(v.forward(in.with("sequence", x)), probes),
                    g.inputs().get("sequence"));
        }
    }

    @Test
    void a_query_offset_continues_the_keys_positions_as_decoding_the_last_rows_does() {
        // Self-attention over m = 5 rows, non-causal, equals for its last n = 2 rows a cross-attention
        // whose queries are those rows at rope-offset 3 and whose keys and values are all five rows.
        Tensor x = GradientCheck.random(new int[] {1, 5, 3}, 33, -1.5, 1.5);
        double[] xs = x.toDoubleArray();
        Tensor last = Tensor.of(x.dtype(), new int[] {1, 2, 3}, java.util.Arrays.copyOfRange(xs, 9, 15));
        for (boolean declared : new boolean[] {true, false}) {
            Variant self = create(Map.of("heads", 2, "head-dim", 4, "dim", 4, "rope", true, "rope-theta", 30.0),
                    Map.of("sequence", 3), new KernelComponents.Counting(), declared);
            Variant cross = create(Map.of("inputs", "cross", "heads", 2, "head-dim", 4, "dim", 4, "rope", true,
                    "rope-theta", 30.0, "rope-offset", 3), Map.of("queries", 3, "keys", 3, "values", 3),
                    new KernelComponents.Counting(), declared).withParameters(self.parameters());
            double[] whole = self.forward(AttentionInputs.builder().put("sequence", x).build()).output().toDoubleArray();
            double[] tail = cross.forward(AttentionInputs.builder().put("queries", last).put("keys", x).put("values", x)
                    .build()).output().toDoubleArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, 12, 20), tail, 1e-12, "declared " + declared);
            Variant unshifted = create(Map.of("inputs", "cross", "heads", 2, "head-dim", 4, "dim", 4, "rope", true,
                    "rope-theta", 30.0), Map.of("queries", 3, "keys", 3, "values", 3),
                    new KernelComponents.Counting(), declared).withParameters(self.parameters());
            double[] at0 = unshifted.forward(AttentionInputs.builder().put("queries", last).put("keys", x)
                    .put("values", x).build()).output().toDoubleArray();
            double apart = 0;
            for (int c = 0; c < at0.length; c++) {
                apart = Math.max(apart, Math.abs(at0[c] - tail[c]));
            }
            assertTrue(apart > 1e-3, "without the offset the queries sit at the wrong positions: " + apart);
        }
    }

    private static double loss(AttentionResult r, Map<String, Tensor> probes) {
        double sum = 0;
        for (Map.Entry<String, Tensor> e : probes.entrySet()) {
            Tensor t = r.get(e.getKey());
            for (int x = 0; x < t.size(); x++) {
                sum += t.at(x) * e.getValue().at(x);
            }
        }
        return sum;
    }

    @Test
    void bad_rotary_settings_are_one_line_naming_the_key() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("rope", true, "head-dim", 3),
                Map.of("rope", true, "head-dim", 4, "rope-dims", 3), Map.of("rope", true, "head-dim", 4, "rope-dims", 6),
                Map.of("rope", true, "rope-theta", 1.0), Map.of("rope", true, "rope-offset", -1),
                Map.of("rope", true, "rope-layout", "gptj"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> create(bad, Map.of("sequence", 8),
                    new KernelComponents.Counting(), true), bad.toString());
            String key = bad.keySet().stream().filter(k -> k.startsWith("rope-")).findFirst().orElse("rope-dims");
            assertEquals(key, e.key().orElseThrow(), bad + ": " + e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void parameters_follow_the_head_sizes_and_bias_switches() {
        Variant v = create(Map.of("heads", 4, "kv-heads", 2, "head-dim", 3, "dim", 5, "bias-o", false),
                Map.of("sequence", 6), new KernelComponents.Counting(), true);
        Parameters p = v.parameters();
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o", "variant.b_q", "variant.b_k",
                "variant.b_v"), new ArrayList<>(p.names()));
        assertArrayEquals(new int[] {12, 6}, p.get("variant.W_q").shape());
        assertArrayEquals(new int[] {6, 6}, p.get("variant.W_k").shape());
        assertArrayEquals(new int[] {6, 6}, p.get("variant.W_v").shape());
        assertArrayEquals(new int[] {5, 12}, p.get("variant.W_o").shape());
        assertArrayEquals(new int[] {1, 12}, p.get("variant.b_q").shape());
        assertArrayEquals(new int[] {1, 6}, p.get("variant.b_k").shape());
        Parameters none = create(Map.of("heads", 2, "bias", false), Map.of("sequence", 4),
                new KernelComponents.Counting(), true).parameters();
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o"),
                new ArrayList<>(none.names()), "bias: false turns all four off");
        Parameters onlyQ = create(Map.of("heads", 2, "bias", false, "bias-q", true), Map.of("sequence", 4),
                new KernelComponents.Counting(), true).parameters();
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o", "variant.b_q"),
                new ArrayList<>(onlyQ.names()), "a given switch wins over bias: false");
        assertArrayEquals(new int[] {1, 4}, onlyQ.get("variant.b_q").shape());
    }

    @Test
    void inconsistent_head_settings_are_one_line_naming_the_key() {
        ConfigException e = assertThrows(ConfigException.class, () -> create(Map.of("heads", 4, "kv-heads", 3),
                Map.of("sequence", 8), new KernelComponents.Counting(), true));
        assertEquals("kv-heads", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("3 does not divide heads 4"), e.getMessage());
        ConfigException d = assertThrows(ConfigException.class, () -> create(Map.of("heads", 3), Map.of("sequence", 8),
                new KernelComponents.Counting(), true));
        assertEquals("heads", d.key().orElseThrow());
        assertTrue(d.getMessage().contains("head-dim"), d.getMessage());
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("head-dim", -1), Map.entry("softcap", -0.5),
                Map.entry("kv-heads", -2))) {
            ConfigException r = assertThrows(ConfigException.class, () -> create(Map.of(bad.getKey(), bad.getValue()),
                    Map.of("sequence", 8), new KernelComponents.Counting(), true));
            assertEquals(bad.getKey(), r.key().orElseThrow());
            assertTrue(!r.getMessage().contains("\n"), "one line: " + r.getMessage());
        }
    }

    private static void assertBothPaths(String name, Map<String, Object> config) {
        Map<String, Tensor> c = caseOf(name);
        AttentionInputs.Builder in = AttentionInputs.builder();
        Map<String, Integer> widths = new LinkedHashMap<>();
        Map<String, Tensor> params = new LinkedHashMap<>();
        c.forEach((k, t) -> {
            if (k.startsWith("input.")) {
                in.put(k.substring("input.".length()), t);
                widths.put(k.substring("input.".length()), t.cols());
            } else if (k.startsWith("param.")) {
                params.put(k.substring("param.".length()), t);
            }
        });
        AttentionInputs inputs = in.build();
        for (boolean declared : new boolean[] {true, false}) {
            KernelComponents.Counting kernel = new KernelComponents.Counting();
            Variant v = create(config, widths, kernel, declared).withParameters(Parameters.of(params));
            assertEquals(params.keySet(), v.parameters().names(), "the file's parameters are the variant's");
            AttentionResult r = v.forward(inputs);
            assertEquals(declared ? 1 : 0, kernel.attends.get(), "fused: " + declared);
            for (String result : List.of("output", "weights")) {
                Tensor expected = c.get("expected." + result);
                assertArrayEquals(expected.shape(), r.get(result).shape(), result + " shape");
                assertArrayEquals(expected.toDoubleArray(), r.get(result).toDoubleArray(), 1e-12,
                        result + (declared ? " (kernel path)" : " (general path)"));
            }
        }
    }

    /** The scaled dot product and softmax, declaring the fused form or (undeclared) not. */
    private static Variant create(Map<String, Object> config, Map<String, Integer> widths,
            KernelComponents.Counting kernel, boolean declared) {
        VariantProvider p = Fixtures.provider("multi-head");
        return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(config).widths(widths)
                .alignment(declared ? KernelComponents.scaledDot() : KernelComponents.undeclared(KernelComponents.scaledDot()))
                .distribution(KernelComponents.softmax(1)).kernel(kernel).build());
    }

    private static Map<String, Tensor> caseOf(String name) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ALL.forEach((k, t) -> {
            if (k.startsWith(name + ".")) {
                out.put(k.substring(name.length() + 1), t);
            }
        });
        return out;
    }
}
