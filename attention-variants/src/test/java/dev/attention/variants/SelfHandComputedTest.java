package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Self-attention results worked out by hand with dot + softmax; each comment shows the arithmetic. */
class SelfHandComputedTest {
    private static final double E = Math.E;

    private static AttentionResult run(Variant v, Tensor sequence) {
        return v.forward(AttentionInputs.builder().put("sequence", sequence).build());
    }

    @Test
    void causal_self_attention_on_a_three_step_scalar_sequence() {
        // x = (0, 1, 2), Q = K = V = x, s_ij = x_i x_j, key j visible iff j ≤ i.
        // i = 0: only j = 0                     ⇒ w = (1, 0, 0),                 y = 0
        // i = 1: s = (0, 1)                     ⇒ w = (1, e) / (1 + e),          y = e / (1 + e)
        // i = 2: s = (0, 2, 4), Z = 1 + e² + e⁴ ⇒ w = (1, e², e⁴) / Z,          y = (e² + 2e⁴) / Z
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("causal", true), Map.of("sequence", 1));
        AttentionResult r = run(v, t(shape(3, 1), 0, 1, 2));
        double z = 1 + E * E + Math.pow(E, 4);
        assertArrayEquals(new double[] {
            1, 0, 0,
            1 / (1 + E), E / (1 + E), 0,
            1 / z, E * E / z, Math.pow(E, 4) / z}, r.weights().orElseThrow().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, E / (1 + E), (E * E + 2 * Math.pow(E, 4)) / z},
                r.output().toDoubleArray(), 1e-12);
    }

    @Test
    void projections_scale_queries_keys_and_values_separately() {
        // x = (0, 1), W_q = 2, W_k = 1, W_v = 3 ⇒ Q = (0, 2), K = (0, 1), V = (0, 3); no mask.
        // i = 0: s = (0, 0) ⇒ w = (½, ½)                 ⇒ y = 1.5
        // i = 1: s = (0, 2) ⇒ w = (1, e²) / (1 + e²)     ⇒ y = 3e² / (1 + e²)
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("project", true), Map.of("sequence", 1))
                .withParameters(Parameters.of(Map.of(
                        "variant.W_q", t(shape(1, 1), 2), "variant.W_k", t(shape(1, 1), 1),
                        "variant.W_v", t(shape(1, 1), 3))));
        AttentionResult r = run(v, t(shape(2, 1), 0, 1));
        assertArrayEquals(new double[] {1.5, 3 * E * E / (1 + E * E)}, r.output().toDoubleArray(), 1e-12);
    }

    @Test
    void a_window_without_causal_is_symmetric() {
        // An all-zero sequence scores 0 everywhere, so each row is uniform over what it may see.
        // window 2 without causal: |i − j| < 2.
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("window", 2), Map.of("sequence", 1));
        Tensor w = run(v, Tensor.zeros(DType.FLOAT64, 4, 1)).weights().orElseThrow();
        double h = 1.0 / 2;
        double third = 1.0 / 3;
        assertArrayEquals(new double[] {
            h, h, 0, 0,
            third, third, third, 0,
            0, third, third, third,
            0, 0, h, h}, w.toDoubleArray(), 1e-15);
    }

    @Test
    void a_causal_window_keeps_the_last_w_positions_up_to_the_query() {
        // window 2 with causal: i − 2 < j ≤ i.
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("window", 2, "causal", true),
                Map.of("sequence", 1));
        Tensor w = run(v, Tensor.zeros(DType.FLOAT64, 4, 1)).weights().orElseThrow();
        assertArrayEquals(new double[] {
            1, 0, 0, 0,
            0.5, 0.5, 0, 0,
            0, 0.5, 0.5, 0,
            0, 0, 0.5, 0.5}, w.toDoubleArray(), 1e-15);
    }
}
