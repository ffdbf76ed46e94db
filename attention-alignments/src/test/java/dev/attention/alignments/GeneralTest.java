package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneralTest {
    // d_q = 2, d_k = 3.
    private static final Tensor W = Tensor.matrix(FLOAT64, new double[] {1, 0, 2}, new double[] {0, 1, -1});
    private static final Tensor Q = Tensor.matrix(FLOAT64, new double[] {1, 2});
    private static final Tensor K = Tensor.matrix(FLOAT64, new double[] {3, 4, 5});

    private static Alignment general() {
        return AlignmentFixtures.create(AlignmentFixtures.provider("general"), Map.of(), FLOAT64, 0, 2, 3)
                .withParameters(Parameters.of("W", W));
    }

    @Test
    void parameter_is_w_of_shape_dq_by_dk() {
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("general"), Map.of(), FLOAT64, 0, 2, 3);
        assertEquals(java.util.Set.of("W"), a.parameters().names());
        assertArrayEquals(new int[] {2, 3}, a.parameters().get("W").shape());
    }

    @Test
    void score_is_q_transposed_w_k() {
        // W k = (1·3 + 0·4 + 2·5, 0·3 + 1·4 − 1·5) = (13, −1); qᵀ(W k) = 1·13 + 2·(−1) = 11.
        assertEquals(11.0, general().scores(Q, K).get(0, 0), 0.0);
    }

    @Test
    void backward_by_hand() {
        // s = qᵀWk: ds/dq = Wk = (13, −1); ds/dk = Wᵀq = (1, 2, 2·1 − 1·2) = (1, 2, 0);
        // ds/dW = q kᵀ = [[3, 4, 5], [6, 8, 10]]. With dL/ds = 2 everything doubles.
        AlignmentGradients g = general().backward(Q, K, Tensor.matrix(FLOAT64, new double[] {2}));
        assertEquals(Tensor.matrix(FLOAT64, new double[] {26, -2}), g.queries());
        assertEquals(Tensor.matrix(FLOAT64, new double[] {2, 4, 0}), g.keys());
        assertEquals(Tensor.matrix(FLOAT64, new double[] {6, 8, 10}, new double[] {12, 16, 20}),
                g.parameters().get("W"));
    }

    @Test
    void inputs_of_other_widths_than_w_are_a_shape_error() {
        // W was sized for d_q = 2, d_k = 3; swapped widths must not be accepted.
        ShapeException e = assertThrows(ShapeException.class,
                () -> general().scores(Tensor.zeros(FLOAT64, 1, 3), Tensor.zeros(FLOAT64, 1, 2)));
        assertTrue(e.getMessage().contains("[1, 3]") && e.getMessage().contains("[1, 2]"), e.getMessage());
    }

    @Test
    void unknown_widths_are_a_config_error_saying_which() {
        AlignmentProvider p = AlignmentFixtures.provider("general");
        ConfigException e = assertThrows(ConfigException.class,
                () -> p.create(PluginContext.builder(p.id(), p.parameters()).width("queries", 2).build()));
        assertTrue(e.getMessage().contains("'keys'"), e.getMessage());
    }
}
