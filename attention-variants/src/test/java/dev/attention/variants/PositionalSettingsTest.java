package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.ConfigException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ALiBi slopes, the learned table's size and initial scale, and refusals. */
class PositionalSettingsTest {

    @Test
    void alibi_slopes_are_two_to_the_minus_eight_k_over_h() {
        assertEquals(Math.pow(2, -8), AlibiAlignment.slope(0, 1));
        assertEquals(Math.pow(2, -4), AlibiAlignment.slope(0, 2));
        assertEquals(Math.pow(2, -8), AlibiAlignment.slope(1, 2));
        assertEquals(0.5, AlibiAlignment.slope(0, 8));
        assertEquals(Math.pow(2, -8), AlibiAlignment.slope(7, 8));
    }

    @Test
    void alibi_subtracts_the_distance_times_the_slope() {
        Tensor q = Tensor.zeros(dev.attention.api.DType.FLOAT64, 3, 2);
        Tensor s = new AlibiAlignment(dev.attention.tck.ReferenceComponents.dot(), 0.25).scores(q, q);
        assertEquals(0.0, s.get(1, 1));
        assertEquals(-0.25, s.get(0, 1));
        assertEquals(-0.5, s.get(2, 0));
    }

    @Test
    void learned_positions_are_a_max_length_by_d_table_of_small_normals() {
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("positional", "learned"), Map.of("sequence", 4));
        Tensor t = v.parameters().get("variant.positions");
        assertEquals(512, t.rows());
        assertEquals(4, t.cols());
        double sq = 0;
        for (int k = 0; k < t.size(); k++) {
            sq += t.at(k) * t.at(k);
        }
        double std = Math.sqrt(sq / t.size());
        assertTrue(std > 0.018 && std < 0.022, "std " + std);
    }

    @Test
    void inputs_longer_than_max_length_are_refused() {
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("positional", "learned", "max-length", 3),
                Map.of("sequence", 2));
        ShapeException e = assertThrows(ShapeException.class, () -> v.forward(AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {4, 2}, 1, -1, 1)).build()));
        assertTrue(e.getMessage().contains("max-length"), e.getMessage());
    }

    @Test
    void one_learned_table_needs_queries_and_keys_of_one_width() {
        for (var p : java.util.List.of(Fixtures.provider("cross"), Fixtures.provider("multi-head"))) {
            Map<String, Object> config = p.id().equals("cross") ? Map.of("positional", "learned")
                    : Map.of("positional", "learned", "inputs", "cross");
            ConfigException e = assertThrows(ConfigException.class, () -> InputFixtures.create(p, config,
                    Map.of("queries", 2, "keys", 3, "values", 1)));
            assertEquals("positional", e.key().orElse(null), e.getMessage());
        }
    }

    @Test
    void learned_positions_need_a_known_width() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> InputFixtures.create(Fixtures.provider("self"), Map.of("positional", "learned"), Map.of()));
        assertEquals("positional", e.key().orElse(null));
    }

    @Test
    void sinusoidal_position_zero_is_sine_zero_cosine_one() {
        assertEquals(0.0, PositionalEncoding.sinusoid(0, 0, 4));
        assertEquals(1.0, PositionalEncoding.sinusoid(0, 1, 4));
        assertEquals(Math.sin(3 / 100.0), PositionalEncoding.sinusoid(3, 2, 4), 1e-15);
        assertEquals(Math.cos(3 / 100.0), PositionalEncoding.sinusoid(3, 3, 4), 1e-15);
    }
}
