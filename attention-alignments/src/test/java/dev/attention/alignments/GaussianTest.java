package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaussianTest {
    private final Alignment gaussian = AlignmentFixtures.create(AlignmentFixtures.provider("gaussian"), Map.of("sigma", 0.5));
    private static final Tensor ORIGIN = Tensor.matrix(FLOAT64, new double[] {0, 0});
    private static final Tensor KEYS = Tensor.matrix(FLOAT64, new double[] {0, 0}, new double[] {1, 0},
            new double[] {1, 1}, new double[] {3, 4});

    @Test
    void sigma_half_by_hand() {
        // 2σ² = 0.5: distances² 0, 1, 2, 25 give 0, −2, −4, −50.
        assertEquals(Tensor.matrix(FLOAT64, new double[] {0, -2, -4, -50}), gaussian.scores(ORIGIN, KEYS));
    }

    @Test
    void larger_distance_gives_a_lower_score() {
        Tensor s = gaussian.scores(ORIGIN, KEYS);
        for (int j = 1; j < KEYS.rows(); j++) {
            assertTrue(s.get(0, j) < s.get(0, j - 1), "key " + j + " is farther than key " + (j - 1));
        }
    }

    @Test
    void learnable_log_sigma_starts_at_ln_sigma() {
        // ln 0.5 = −0.6931471805599453.
        Tensor p = gaussian.parameters().get("log_sigma");
        assertArrayEquals(new int[] {1, 1}, p.shape());
        assertEquals(-0.6931471805599453, p.get(0, 0), 0.0);
    }

    @Test
    void backward_by_hand() {
        // q = (0,0), k = (1,1), σ = 0.5: s = −‖q−k‖²/(2σ²) = −4; ds/dq = −(q−k)/σ² = (4, 4); ds/dk = (−4, −4);
        // ds/d(ln σ) = ‖q−k‖²/σ² = 8 = −2s.
        AlignmentGradients g = gaussian.backward(ORIGIN, Tensor.matrix(FLOAT64, new double[] {1, 1}),
                Tensor.matrix(FLOAT64, new double[] {1}));
        assertEquals(Tensor.matrix(FLOAT64, new double[] {4, 4}), g.queries());
        assertEquals(Tensor.matrix(FLOAT64, new double[] {-4, -4}), g.keys());
        assertEquals(8.0, g.parameters().get("log_sigma").get(0, 0), 1e-15);
    }

    @Test
    void unequal_widths_are_a_shape_error() {
        assertThrows(ShapeException.class,
                () -> gaussian.scores(Tensor.zeros(FLOAT64, 1, 2), Tensor.zeros(FLOAT64, 1, 3)));
    }

    @Test
    void sigma_must_be_positive() {
        AlignmentProvider p = AlignmentFixtures.provider("gaussian");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter("sigma", 0.0));
        assertEquals("sigma", e.key().orElseThrow());
    }
}
