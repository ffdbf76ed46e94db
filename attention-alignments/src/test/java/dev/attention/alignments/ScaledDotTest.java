package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaledDotTest {
    private static final Tensor Q = Tensor.matrix(FLOAT64, new double[] {1, 2});
    private static final Tensor K = Tensor.matrix(FLOAT64, new double[] {3, 4});

    @Test
    void default_scale_is_one_over_root_d() {
        // (1,2)·(3,4) = 11, d = 2: 11/√2 = 11/1.41421356… = 7.77817459305…
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("scaled-dot"));
        assertEquals(7.7781745930520225, a.scores(Q, K).get(0, 0), 1e-15);
    }

    @Test
    void default_scale_follows_the_width_of_each_call() {
        // d = 3: (1,1,1)·(1,2,3) = 6, 6/√3 = 3.46410161513…
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("scaled-dot"));
        Tensor s = a.scores(Tensor.matrix(FLOAT64, new double[] {1, 1, 1}), Tensor.matrix(FLOAT64, new double[] {1, 2, 3}));
        assertEquals(3.4641016151377544, s.get(0, 0), 1e-15);
    }

    @Test
    void explicit_scale_replaces_the_default() {
        // 11 · 0.5 = 5.5
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("scaled-dot"), Map.of("scale", 0.5));
        assertEquals(5.5, a.scores(Q, K).get(0, 0), 0.0);
    }

    @Test
    void backward_by_hand() {
        // s = q·k/√2 with dL/ds = 1: dq = k/√2 = (2.12132034…, 2.82842712…), dk = q/√2 = (0.70710678…, 1.41421356…).
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("scaled-dot"));
        AlignmentGradients g = a.backward(Q, K, Tensor.matrix(FLOAT64, new double[] {1}));
        assertEquals(2.1213203435596424, g.queries().get(0, 0), 1e-15);
        assertEquals(2.8284271247461903, g.queries().get(0, 1), 1e-15);
        assertEquals(0.7071067811865475, g.keys().get(0, 0), 1e-15);
        assertEquals(1.4142135623730951, g.keys().get(0, 1), 1e-15);
    }

    @Test
    void negative_scale_is_refused_naming_the_parameter() {
        AlignmentProvider p = AlignmentFixtures.provider("scaled-dot");
        ConfigException e = assertThrows(ConfigException.class,
                () -> dev.attention.api.spi.PluginContext.builder(p.id(), p.parameters()).parameter("scale", -1.0));
        assertEquals("scale", e.key().orElseThrow());
    }

    @Test
    void scale_is_documented_with_its_sentinel() {
        String doc = AlignmentFixtures.provider("scaled-dot").parameters().get(0).doc();
        assertTrue(doc.contains("0 (default) means 1/√d"), doc);
    }

    @Test
    void zero_width_gives_zero_scores_not_nan() {
        // No features: every dot product is the empty sum 0, and 1/√0 must not turn it into NaN.
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("scaled-dot"));
        Tensor s = a.scores(Tensor.zeros(FLOAT64, 2, 0), Tensor.zeros(FLOAT64, 3, 0));
        assertEquals(Tensor.zeros(FLOAT64, 2, 3), s);
    }
}
