package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdditiveTest {
    private static final Tensor Q = Tensor.matrix(FLOAT64, new double[] {0.2, 9});
    private static final Tensor K = Tensor.matrix(FLOAT64, new double[] {0.4});

    /** h = 2, d_q = 2, d_k = 1. */
    private static Alignment additive() {
        return AlignmentFixtures.create(AlignmentFixtures.provider("additive"), Map.of("hidden", 2), FLOAT64, 0, 2, 1)
                .withParameters(Parameters.of(Map.of(
                        "W_q", Tensor.matrix(FLOAT64, new double[] {1, 0}, new double[] {0, 0}),
                        "W_k", Tensor.matrix(FLOAT64, new double[] {0.5}, new double[] {-1}),
                        "v", Tensor.matrix(FLOAT64, new double[] {2, 3}))));
    }

    @Test
    void parameters_are_wq_wk_v_in_that_order_with_default_hidden_16() {
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("additive"), Map.of(), FLOAT64, 0, 3, 2);
        assertEquals(List.of("W_q", "W_k", "v"), List.copyOf(a.parameters().names()));
        assertArrayEquals(new int[] {16, 3}, a.parameters().get("W_q").shape());
        assertArrayEquals(new int[] {16, 2}, a.parameters().get("W_k").shape());
        assertArrayEquals(new int[] {1, 16}, a.parameters().get("v").shape());
    }

    @Test
    void score_is_v_dot_tanh_of_both_projections() {
        // W_q q = (0.2, 0), W_k k = (0.2, −0.4); tanh(0.4) = 0.37994896225522…, tanh(−0.4) = −0.37994896…
        // s = 2·0.37994896… + 3·(−0.37994896…) = −tanh 0.4 = −0.3799489622552249.
        assertEquals(-0.3799489622552249, additive().scores(Q, K).get(0, 0), 1e-15);
    }

    @Test
    void backward_by_hand() {
        // t = (tanh 0.4, −tanh 0.4), 1 − t² = 0.85563879… for both; z = v ⊙ (1 − t²) = (1.71127758…, 2.56691637…).
        // dv = t = (0.37994896…, −0.37994896…); dq = W_qᵀ z = (1.71127758…, 0); dk = W_kᵀ z = 0.5·1.71127… − 2.56691… = −1.71127758…
        // dW_q = z qᵀ = [[0.34225551…, 15.4014982…], [0.51338327…, 23.1022473…]]; dW_k = z kᵀ = [[0.68451103…], [1.02676655…]].
        double u = 1 - Math.pow(Math.tanh(0.4), 2);
        AlignmentGradients g = additive().backward(Q, K, Tensor.matrix(FLOAT64, new double[] {1}));
        assertEquals(0.8556387860811777, u, 1e-15);
        assertEquals(Math.tanh(0.4), g.parameters().get("v").get(0, 0), 1e-15);
        assertEquals(-Math.tanh(0.4), g.parameters().get("v").get(0, 1), 1e-15);
        assertEquals(2 * u, g.queries().get(0, 0), 1e-15);
        assertEquals(0.0, g.queries().get(0, 1), 1e-15);
        assertEquals(0.5 * 2 * u - 3 * u, g.keys().get(0, 0), 1e-15);
        assertEquals(2 * u * 9, g.parameters().get("W_q").get(0, 1), 1e-13);
        assertEquals(3 * u * 0.2, g.parameters().get("W_q").get(1, 0), 1e-15);
        assertEquals(3 * u * 0.4, g.parameters().get("W_k").get(1, 0), 1e-15);
    }

    @Test
    void hidden_below_one_is_refused_naming_it() {
        AlignmentProvider p = AlignmentFixtures.provider("additive");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter("hidden", 0));
        assertEquals("hidden", e.key().orElseThrow());
    }
}
