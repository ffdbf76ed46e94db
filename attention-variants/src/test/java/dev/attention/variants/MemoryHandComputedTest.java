package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memory network with dot and softmax on a two-word vocabulary, worked by hand: sentences
 * x_1 = [1, 0], x_2 = [0, 1], question q = [1, 0], A_1 = B = I and C_1 = diag(2, 1). Then u_1 = [1, 0],
 * scores u_1·m = [1, 0], p = [e, 1] / (e + 1), c = [2, 0], [0, 1], o = [2e, 1] / (e + 1).
 */
class MemoryHandComputedTest {
    private static final double EPS = 1e-12;
    private static final double E = Math.E;

    private static Tensor m(double[]... rows) {
        return Tensor.matrix(DType.FLOAT64, rows);
    }

    private static final Tensor I = m(new double[] {1, 0}, new double[] {0, 1});
    private static final Tensor C1 = m(new double[] {2, 0}, new double[] {0, 1});

    private static Variant variant(Map<String, ?> config, Map<String, Tensor> values) {
        Variant v = InputFixtures.create(Fixtures.provider("memory"), config, Map.of("memory", 2, "query", 2));
        Map<String, Tensor> qualified = new java.util.LinkedHashMap<>();
        values.forEach((k, t) -> qualified.put("variant." + k, t));
        return v.withParameters(Parameters.of(qualified));
    }

    private static AttentionInputs story() {
        return AttentionInputs.builder().put("memory", m(new double[] {1, 0}, new double[] {0, 1}))
                .put("query", m(new double[] {1, 0})).build();
    }

    @Test
    void one_hop_adds_the_attended_output_embedding_to_the_question() {
        AttentionResult r = variant(Map.of("hops", 1), Map.of("A1", I, "C1", C1)).forward(story());
        assertArrayEquals(new double[] {1 + 2 * E / (E + 1), 1 / (E + 1)}, r.output().toDoubleArray(), EPS);
        // Unbatched: weights [K, q, n] = [1, 1, 2].
        assertArrayEquals(new int[] {1, 1, 2}, r.weights().orElseThrow().shape());
        assertArrayEquals(new double[] {E / (E + 1), 1 / (E + 1)}, r.weights().orElseThrow().toDoubleArray(), EPS);
    }

    @Test
    void one_hop_question_gradient_by_hand() {
        // L = Σ output: dL/dp = [c_1·1, c_2·1] = [2, 1];
        // softmax: ds = p ∘ (dL/dp − p·dL/dp) = [e, −e] / (e + 1)²;
        // dL/du_1 = [1, 1] + Σ_i ds_i m_i; dL/dq = Bᵀ dL/du_1 = dL/du_1 (B = I).
        Variant v = variant(Map.of("hops", 1), Map.of("A1", I, "C1", C1));
        AttentionResult r = v.forward(story());
        Tensor ones = Tensor.of(DType.FLOAT64, new int[] {1, 2}, 1, 1);
        Tensor dq = v.backward(story(), r, Map.of(AttentionResult.OUTPUT, ones)).inputs().get("query");
        double ds = E / ((E + 1) * (E + 1));
        assertArrayEquals(new double[] {1 + ds, 1 - ds}, dq.toDoubleArray(), EPS);
    }

    @Test
    void layer_wise_carries_the_state_through_h() {
        // H swaps the two coordinates: u_2 = H u_1 + o = [0, 1] + o.
        Tensor h = m(new double[] {0, 1}, new double[] {1, 0});
        AttentionResult r = variant(Map.of("hops", 1, "tying", "layer-wise"), Map.of("A", I, "B", I, "C", C1, "H", h))
                .forward(story());
        assertArrayEquals(new double[] {2 * E / (E + 1), 1 + 1 / (E + 1)}, r.output().toDoubleArray(), EPS);
    }

    @Test
    void the_second_hop_reads_the_memory_through_c1_and_writes_through_c2() {
        // Adjacent tying: A_2 = C_1. With u_2 from one hop, hop 2 has scores (C_1 x_i)·u_2 and adds Σ p_i C_2 x_i.
        Tensor c2 = m(new double[] {0, 3}, new double[] {1, 0});
        AttentionResult one = variant(Map.of("hops", 1), Map.of("A1", I, "C1", C1)).forward(story());
        double[] u2 = one.output().toDoubleArray();
        AttentionResult two = variant(Map.of("hops", 2), Map.of("A1", I, "C1", C1, "C2", c2)).forward(story());
        double s1 = 2 * u2[0];          // C_1 x_1 = [2, 0]
        double s2 = u2[1];              // C_1 x_2 = [0, 1]
        double p1 = Math.exp(s1) / (Math.exp(s1) + Math.exp(s2));
        double p2 = 1 - p1;
        // C_2 x_1 = [0, 1], C_2 x_2 = [3, 0].
        assertArrayEquals(new double[] {u2[0] + 3 * p2, u2[1] + p1}, two.output().toDoubleArray(), EPS);
        // Weights [2, 1, 2]: hop 1 as in the one-hop network, then hop 2.
        assertArrayEquals(new double[] {E / (E + 1), 1 / (E + 1), p1, p2}, two.weights().orElseThrow().toDoubleArray(),
                EPS);
    }

    @Test
    void padded_sentences_get_no_weight_and_padded_questions_a_zero_row() {
        // Two stories batched: the first has both sentences and one real question of two; the second one sentence.
        Tensor memory = Tensor.of(DType.FLOAT64, new int[] {2, 2, 2}, 1, 0, 0, 1, 1, 0, 7, 7);
        Tensor query = Tensor.of(DType.FLOAT64, new int[] {2, 2, 2}, 1, 0, 5, 5, 1, 0, 0, 1);
        AttentionInputs in = AttentionInputs.builder().put("memory", memory, 2, 1).put("query", query, 1, 2).build();
        AttentionResult r = variant(Map.of("hops", 1), Map.of("A1", I, "C1", C1)).forward(in);
        // Story 0, question 0 as by hand; question 1 padded. Story 1: one sentence [1, 0], weight 1, c = [2, 0].
        assertArrayEquals(new double[] {1 + 2 * E / (E + 1), 1 / (E + 1), 0, 0, 1 + 2, 0, 0 + 2, 1},
                r.output().toDoubleArray(), EPS);
        assertArrayEquals(new int[] {2, 1, 2, 2}, r.weights().orElseThrow().shape());
        assertArrayEquals(new double[] {E / (E + 1), 1 / (E + 1), 0, 0, 1, 0, 1, 0},
                r.weights().orElseThrow().toDoubleArray(), EPS);
        assertTrue(r.output().isFinite());
    }

    @Test
    void adjacent_tying_refuses_a_question_of_another_width_naming_the_fix() {
        ConfigException e = assertThrows(ConfigException.class, () -> InputFixtures.create(
                Fixtures.provider("memory"), Map.of(), Map.of("memory", 5, "query", 3)));
        assertTrue(e.getMessage().contains("tying") && e.getMessage().contains("layer-wise"), e.getMessage());
    }

    @Test
    void memory_and_query_of_different_batches_are_refused() {
        Variant v = variant(Map.of("hops", 1), Map.of("A1", I, "C1", C1));
        AttentionInputs in = AttentionInputs.builder().put("memory", Tensor.zeros(DType.FLOAT64, 2, 3, 2))
                .put("query", Tensor.zeros(DType.FLOAT64, 3, 1, 2)).build();
        ShapeException e = assertThrows(ShapeException.class, () -> v.forward(in));
        assertTrue(e.getMessage().contains("same batch"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
