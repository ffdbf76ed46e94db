package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * multi-head's add-bias-kv and add-zero-attn: the appended keys by hand (a query whose real keys are
 * all masked attends to bias_k and the zero key only), always visible under causal order and
 * padding, padded query rows still zero, bias_k/bias_v's gradients against finite differences on
 * both paths, their initialisation, and the refusals with rope and alibi.
 */
class MultiHeadKeyExtrasTest {

    private static Variant create(Map<String, Object> config, Map<String, Integer> widths, boolean kernelPath,
            long seed) {
        VariantProvider p = Fixtures.provider("multi-head");
        Alignment a = kernelPath ? KernelComponents.scaledDot() : KernelComponents.undeclared(KernelComponents.scaledDot());
        Distribution f = KernelComponents.softmax(1);
        return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(config).widths(widths)
                .dtype(DType.FLOAT64).seed(seed).alignment(a).distribution(f).kernel(AttentionKernel.reference()).build());
    }

    private static Tensor identity(int d) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, d, d);
        for (int i = 0; i < d; i++) {
            b.set(0, i, i, 1);
        }
        return b.build();
    }

    @Test
    void a_query_whose_real_keys_are_masked_attends_to_bias_k_and_the_zero_key() {
        Map<String, Object> config = Map.of("inputs", "cross", "heads", 1, "dim", 2, "add-bias-kv", true,
                "add-zero-attn", true, "causal", true);
        Map<String, Integer> widths = Map.of("queries", 2, "keys", 2, "values", 2);
        Tensor biasK = Tensor.matrix(DType.FLOAT64, new double[] {1.0, -0.5});
        Tensor biasV = Tensor.matrix(DType.FLOAT64, new double[] {2.0, 3.0});
        Tensor bo = Tensor.matrix(DType.FLOAT64, new double[] {0.25, -0.25});
        Map<String, Tensor> p = new LinkedHashMap<>();
        for (String w : List.of("W_q", "W_k", "W_v", "W_o")) {
            p.put("variant." + w, identity(2));
        }
        for (String b : List.of("b_q", "b_k", "b_v")) {
            p.put("variant." + b, Tensor.zeros(DType.FLOAT64, 1, 2));
        }
        p.put("variant.b_o", bo);
        p.put("variant.bias_k", biasK);
        p.put("variant.bias_v", biasV);
        // One batch element, 2 queries, 3 keys; the key mask hides all three real keys.
        Tensor q = Tensor.of(DType.FLOAT64, new int[] {1, 2, 2}, 0.8, 0.6, -1.0, 0.4);
        Tensor k = GradientCheck.random(new int[] {1, 3, 2}, 3, -1, 1);
        Tensor v = GradientCheck.random(new int[] {1, 3, 2}, 4, -1, 1);
        AttentionInputs in = AttentionInputs.builder().put("queries", q).put("keys", k).put("values", v)
                .keyMask(new boolean[] {false, false, false}).build();
        for (boolean kernelPath : new boolean[] {true, false}) {
            Variant variant = create(config, widths, kernelPath, 1).withParameters(Parameters.of(p));
            AttentionResult r = variant.forward(in);
            Tensor w = r.weights().orElseThrow();
            assertArrayEquals(new int[] {1, 1, 2, 5}, w.shape(), "weights [batch, heads, n, m + 2]");
            for (int i = 0; i < 2; i++) {
                // s_bias = q·bias_k / √2, s_zero = 0: softmax over the two appended keys.
                double sb = (q.get(0, i, 0) * 1.0 + q.get(0, i, 1) * -0.5) / Math.sqrt(2);
                double wb = Math.exp(sb) / (Math.exp(sb) + 1);
                for (int j = 0; j < 3; j++) {
                    assertEquals(0.0, w.at(i * 5 + j), "masked key " + j);
                }
                assertEquals(wb, w.at(i * 5 + 3), 1e-12, "bias key, path " + kernelPath);
                assertEquals(1 - wb, w.at(i * 5 + 4), 1e-12, "zero key");
                for (int c = 0; c < 2; c++) {
                    assertEquals(wb * biasV.at(c) + bo.at(c), r.output().get(0, i, c), 1e-12, "output " + i + "," + c);
                }
            }
        }
    }

    @Test
    void causal_order_and_key_padding_cover_the_real_keys_only_and_padded_queries_stay_zero() {
        Map<String, Object> config = Map.of("heads", 2, "dim", 4, "causal", true, "add-bias-kv", true,
                "add-zero-attn", true);
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, 3, 4}, 5, -1, 1), 3, 2).build();
        for (boolean kernelPath : new boolean[] {true, false}) {
            Variant v = create(config, Map.of("sequence", 4), kernelPath, 2);
            v = v.withParameters(MultiHeadKernelPathTest.randomParameters(v.parameters(), 3, DType.FLOAT64));
            AttentionResult r = v.forward(in);
            Tensor w = r.weights().orElseThrow();
            assertArrayEquals(new int[] {2, 2, 3, 5}, w.shape());
            for (int b = 0; b < 2; b++) {
                for (int h = 0; h < 2; h++) {
                    for (int i = 0; i < 3; i++) {
                        boolean padded = b == 1 && i == 2;
                        double sum = 0;
                        for (int j = 0; j < 5; j++) {
                            double x = w.at(((b * 2 + h) * 3 + i) * 5 + j);
                            sum += x;
                            boolean real = j < 3 && j <= i && !(b == 1 && j == 2);
                            boolean visible = !padded && (real || j >= 3);
                            assertEquals(visible, x > 0, "b " + b + " h " + h + " i " + i + " j " + j);
                        }
                        assertEquals(padded ? 0 : 1, sum, 1e-12);
                    }
                }
            }
            for (int c = 0; c < 4; c++) {
                assertEquals(0.0, r.output().get(1, 2, c), "padded query row");
            }
        }
    }

    @Test
    void bias_k_and_bias_v_gradients_match_finite_differences_on_both_paths() {
        Map<String, Object> config = Map.of("inputs", "cross", "heads", 4, "kv-heads", 2, "head-dim", 2, "dim", 3,
                "window", 2, "causal", true, "add-bias-kv", true, "add-zero-attn", true, "average-weights", true);
        Map<String, Integer> widths = Map.of("queries", 3, "keys", 2, "values", 2);
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 3}, 11, -1.5, 1.5), 3, 2)
                .put("keys", GradientCheck.random(new int[] {2, 4, 2}, 12, -1.5, 1.5), 4, 3)
                .put("values", GradientCheck.random(new int[] {2, 4, 2}, 13, -1.5, 1.5), 4, 3)
                .keyMask(new boolean[] {true, false, true, true, true, true, false, true})
                .scoreBias(GradientCheck.random(new int[] {3, 4}, 14, -1, 1)).build();
        for (boolean kernelPath : new boolean[] {true, false}) {
            Variant v = create(config, widths, kernelPath, 4);
            Parameters p = MultiHeadKernelPathTest.randomParameters(v.parameters(), 5, DType.FLOAT64);
            Variant variant = v.withParameters(p);
            AttentionResult r = variant.forward(in);
            Map<String, Tensor> probes = new LinkedHashMap<>();
            long seed = 20;
            for (String name : r.names()) {
                probes.put(name, GradientCheck.probe(r.get(name).shape(), seed++));
            }
            VariantGradients g = variant.backward(in, r, probes);
            for (String name : List.of("variant.bias_k", "variant.bias_v")) {
                assertArrayEquals(new int[] {1, 4}, g.parameters().get(name).shape(), name + " [1, kv-heads·d_head]");
                assertTrue(g.parameters().get(name).isFinite());
                assertNotEquals(0.0, g.parameters().get(name).at(0), name + " has a gradient");
                GradientCheck.check(name + (kernelPath ? " kernel" : " general"), p.get(name),
                        x -> loss(variant.withParameters(Parameters.of(name, x)).forward(in), probes),
                        g.parameters().get(name));
            }
        }
    }

    private static double loss(AttentionResult r, Map<String, Tensor> probes) {
        double l = 0;
        for (Map.Entry<String, Tensor> e : probes.entrySet()) {
            l += GradientCheck.dot(e.getValue(), r.get(e.getKey()));
        }
        return l;
    }

    @Test
    void bias_k_and_bias_v_start_xavier_normal_from_their_own_streams() {
        int e = 3000;
        // Wide heads on a narrow sequence: bias_k, bias_v [1, 2·1500] while the maps stay small.
        Map<String, Object> config = Map.of("add-bias-kv", true, "heads", 2, "head-dim", e / 2, "dim", 2);
        Parameters p = create(config, Map.of("sequence", 2), true, 7).parameters();
        List<String> names = List.copyOf(p.names());
        assertEquals(List.of("variant.bias_k", "variant.bias_v"), names.subList(names.size() - 2, names.size()));
        for (String name : List.of("variant.bias_k", "variant.bias_v")) {
            Tensor t = p.get(name);
            assertArrayEquals(new int[] {1, e}, t.shape());
            double sq = 0;
            double sum = 0;
            for (int c = 0; c < e; c++) {
                sq += t.at(c) * t.at(c);
                sum += t.at(c);
            }
            // PyTorch's xavier_normal_ on [1, 1, E]: σ = √(2 / (E + E)) = 1/√E; the sample σ within 5 %.
            assertEquals(1 / Math.sqrt(e), Math.sqrt(sq / e), 0.05 / Math.sqrt(e), name + " σ");
            assertEquals(0, sum / e, 4 / Math.sqrt((double) e * e), name + " mean");
        }
        assertNotEquals(p.get("variant.bias_k"), p.get("variant.bias_v"));
        assertEquals(p, create(config, Map.of("sequence", 2), true, 7).parameters());
        Parameters zeroOnly = create(Map.of("add-zero-attn", true), Map.of("sequence", 4), true, 7).parameters();
        assertFalse(zeroOnly.names().contains("variant.bias_k"), "the zero row has no parameters");
    }

    @Test
    void rope_and_alibi_are_refused_naming_the_key() {
        for (String key : List.of("add-bias-kv", "add-zero-attn")) {
            for (String positional : List.of("rope", "alibi")) {
                ConfigException x = assertThrows(ConfigException.class, () -> create(Map.of(key, true, positional, true,
                        "heads", 2), Map.of("sequence", 4), true, 1));
                assertEquals(key, x.key().orElseThrow());
                assertFalse(x.getMessage().contains("\n"), x.getMessage());
                assertTrue(x.getMessage().contains("cannot be combined with " + positional), x.getMessage());
                assertTrue(x.getMessage().contains("turn off " + positional + " or " + key), x.getMessage());
            }
        }
    }
}
