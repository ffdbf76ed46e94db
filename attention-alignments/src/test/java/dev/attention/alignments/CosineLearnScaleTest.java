package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosineLearnScaleTest {
    private static final Tensor Q = Tensor.matrix(FLOAT64, new double[] {1, 2});
    private static final Tensor K = Tensor.matrix(FLOAT64, new double[] {3, 4});
    private final Alignment learnable = AlignmentFixtures.create(AlignmentFixtures.provider("cosine"),
            Map.of("learn-scale", true, "scale", 2.0));

    @Test
    void fixed_scale_by_default_has_no_parameters_and_refuses_one() {
        Alignment fixed = AlignmentFixtures.create(AlignmentFixtures.provider("cosine"), Map.of("scale", 2.0));
        assertTrue(fixed.parameters().isEmpty());
        ShapeException e = assertThrows(ShapeException.class,
                () -> fixed.withParameters(Parameters.of("scale", Tensor.zeros(FLOAT64, 1, 1))));
        assertTrue(e.getMessage().contains("learn-scale: true"), e.getMessage());
    }

    @Test
    void learnable_scale_starts_at_the_configured_scale() {
        Tensor scale = learnable.parameters().get("scale");
        assertArrayEquals(new int[] {1, 1}, scale.shape());
        assertEquals(2.0, scale.get(0, 0), 0.0);
        // 2 · 11/(5√5) = 1.96773982…, as with a fixed scale 2.
        assertEquals(1.9677398201998149, learnable.scores(Q, K).get(0, 0), 1e-15);
    }

    @Test
    void scale_gradient_is_the_plain_cosine_times_the_score_gradient() {
        // ds/dscale = cos(q, k) = 11/(5√5) = 0.98386991…; with dL/ds = 3: 2.95160973…
        AlignmentGradients g = learnable.backward(Q, K, Tensor.matrix(FLOAT64, new double[] {3}));
        assertEquals(2.9516097302997224, g.parameters().get("scale").get(0, 0), 1e-14);
    }

    @Test
    void a_new_scale_changes_the_scores() {
        // scale −1 reverses the sign: −0.98386991…
        Alignment a = learnable.withParameters(Parameters.of("scale", Tensor.matrix(FLOAT64, new double[] {-1})));
        assertEquals(-0.9838699100999074, a.scores(Q, K).get(0, 0), 1e-15);
    }

    @Test
    void the_learnable_scale_is_stored_in_the_pipeline_dtype() {
        Alignment a32 = AlignmentFixtures.create(AlignmentFixtures.provider("cosine"), Map.of("learn-scale", true, "scale", 0.1),
                FLOAT32, 0, 2, 2);
        assertEquals(FLOAT32, a32.parameters().get("scale").dtype());
        assertEquals((double) 0.1f, a32.parameters().get("scale").get(0, 0), 0.0);
    }
}
