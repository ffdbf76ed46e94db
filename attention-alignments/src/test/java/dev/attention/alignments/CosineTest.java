package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosineTest {
    private final Alignment cosine = AlignmentFixtures.create(AlignmentFixtures.provider("cosine"));

    private static Tensor row(double... v) {
        return Tensor.matrix(FLOAT64, v);
    }

    @Test
    void cosine_by_hand() {
        // q = (1,2), k = (3,4): q·k = 11, ‖q‖ = √5 = 2.2360679…, ‖k‖ = 5; 11/(5√5) = 0.98386991…
        assertEquals(0.9838699100999074, cosine.scores(row(1, 2), row(3, 4)).get(0, 0), 1e-15);
    }

    @Test
    void scale_multiplies_the_cosine() {
        // 2 · 0.98386991… = 1.96773982…
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("cosine"), Map.of("scale", 2.0));
        assertEquals(1.9677398201998149, a.scores(row(1, 2), row(3, 4)).get(0, 0), 1e-15);
    }

    @Test
    void parallel_and_opposite_vectors_score_plus_and_minus_one() {
        assertEquals(1.0, cosine.scores(row(1, 2), row(2, 4)).get(0, 0), 1e-15);
        assertEquals(-1.0, cosine.scores(row(1, 2), row(-3, -6)).get(0, 0), 1e-15);
    }

    @Test
    void zero_vectors_score_zero_not_nan() {
        assertEquals(0.0, cosine.scores(row(0, 0), row(3, 4)).get(0, 0), 0.0);
        assertEquals(0.0, cosine.scores(row(3, 4), row(0, 0)).get(0, 0), 0.0);
        assertEquals(0.0, cosine.scores(row(0, 0), row(0, 0)).get(0, 0), 0.0);
        Tensor s32 = cosine.scores(Tensor.matrix(FLOAT32, new double[] {0, 0}), Tensor.matrix(FLOAT32, new double[] {0, 0}));
        assertEquals(0.0, s32.get(0, 0), 0.0);
    }

    @Test
    void backward_at_a_zero_vector_is_finite() {
        AlignmentGradients g = cosine.backward(row(0, 0), row(3, 4), row(1));
        assertTrue(g.queries().isFinite() && g.keys().isFinite(), g.toString());
    }

    @Test
    void norms_below_eps_are_clamped() {
        // eps = 10 exceeds ‖(1,2)‖ = √5 and ‖(3,4)‖ = 5, so both divide by 10: 11/(10·10) = 0.11.
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("cosine"), Map.of("eps", 10.0));
        assertEquals(0.11, a.scores(row(1, 2), row(3, 4)).get(0, 0), 1e-15);
    }

    @Test
    void backward_by_hand() {
        // q = (1,0), k = (1,1): s = 1/√2. ds/dq = k/(‖q‖‖k‖) − s·q/‖q‖² = (1/√2, 1/√2) − (1/√2, 0) = (0, 1/√2).
        // ds/dk = q/(‖q‖‖k‖) − s·k/‖k‖² = (1/√2, 0) − (1/√2)(1,1)/2 = (1/(2√2), −1/(2√2)) = (0.35355…, −0.35355…).
        AlignmentGradients g = cosine.backward(row(1, 0), row(1, 1), row(1));
        assertEquals(0.0, g.queries().get(0, 0), 1e-15);
        assertEquals(0.7071067811865476, g.queries().get(0, 1), 1e-15);
        assertEquals(0.3535533905932738, g.keys().get(0, 0), 1e-15);
        assertEquals(-0.3535533905932738, g.keys().get(0, 1), 1e-15);
    }

    @Test
    void non_positive_eps_and_scale_are_refused_naming_the_parameter() {
        AlignmentProvider p = AlignmentFixtures.provider("cosine");
        ConfigException eps = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter("eps", 0.0));
        assertEquals("eps", eps.key().orElseThrow());
        ConfigException scale = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter("scale", 0.0));
        assertEquals("scale", scale.key().orElseThrow());
    }
}
