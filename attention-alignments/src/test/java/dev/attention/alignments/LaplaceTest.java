package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaplaceTest {
    private final Alignment laplace = AlignmentFixtures.create(AlignmentFixtures.provider("laplace"), Map.of("b", 2.0));
    private static final Tensor Q = Tensor.matrix(FLOAT64, new double[] {0, 0});

    @Test
    void score_is_minus_distance_over_b() {
        // ‖(3,4)‖ = 5, b = 2: −2.5; ‖(1,0)‖ = 1: −0.5; the query itself: 0.
        Tensor k = Tensor.matrix(FLOAT64, new double[] {3, 4}, new double[] {1, 0}, new double[] {0, 0});
        assertEquals(Tensor.matrix(FLOAT64, new double[] {-2.5, -0.5, 0}), laplace.scores(Q, k));
    }

    @Test
    void backward_by_hand() {
        // s = −‖q−k‖/b with q = (0,0), k = (3,4), b = 2: ds/dq = −(q−k)/(b‖q−k‖) = (3,4)/10 = (0.3, 0.4);
        // ds/dk = (−0.3, −0.4); ds/d(ln b) = ‖q−k‖/b = 2.5 = −s.
        AlignmentGradients g = laplace.backward(Q, Tensor.matrix(FLOAT64, new double[] {3, 4}),
                Tensor.matrix(FLOAT64, new double[] {1}));
        assertEquals(0.3, g.queries().get(0, 0), 1e-15);
        assertEquals(0.4, g.queries().get(0, 1), 1e-15);
        assertEquals(-0.3, g.keys().get(0, 0), 1e-15);
        assertEquals(-0.4, g.keys().get(0, 1), 1e-15);
        assertEquals(2.5, g.parameters().get("log_b").get(0, 0), 1e-15);
    }

    @Test
    void gradient_at_q_equal_k_is_zero_not_nan() {
        // The norm has no gradient at 0; the documented choice is 0, and ds/d(ln b) = −s = 0 too.
        AlignmentGradients g = laplace.backward(Q, Q, Tensor.matrix(FLOAT64, new double[] {1}));
        assertEquals(Tensor.zeros(FLOAT64, 1, 2), g.queries());
        assertEquals(Tensor.zeros(FLOAT64, 1, 2), g.keys());
        assertEquals(0.0, g.parameters().get("log_b").get(0, 0), 0.0);
    }

    @Test
    void b_must_be_positive() {
        AlignmentProvider p = AlignmentFixtures.provider("laplace");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter("b", -1.0));
        assertEquals("b", e.key().orElseThrow());
    }
}
