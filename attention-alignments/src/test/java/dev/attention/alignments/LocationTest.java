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

class LocationTest {
    // S = 4 positions, d_q = 2.
    private static final Tensor W = Tensor.matrix(FLOAT64, new double[] {1, 0}, new double[] {0, 1},
            new double[] {1, 1}, new double[] {2, -1});
    private static final Tensor Q = Tensor.matrix(FLOAT64, new double[] {1, 2});

    private static Alignment location() {
        return AlignmentFixtures.create(AlignmentFixtures.provider("location"), Map.of("max-positions", 4), FLOAT64, 0, 2, 7)
                .withParameters(Parameters.of("W", W));
    }

    @Test
    void parameter_is_w_of_shape_max_positions_by_dq() {
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("location"), Map.of("max-positions", 4), FLOAT64, 0, 2, 7);
        assertArrayEquals(new int[] {4, 2}, a.parameters().get("W").shape());
    }

    @Test
    void scores_are_w_q_cut_to_the_key_count() {
        // W q = (1, 2, 1 + 2, 2 − 2) = (1, 2, 3, 0); two keys keep the first two positions.
        Tensor twoKeys = Tensor.zeros(FLOAT64, 2, 7);
        assertEquals(Tensor.matrix(FLOAT64, new double[] {1, 2}), location().scores(Q, twoKeys));
        assertEquals(Tensor.matrix(FLOAT64, new double[] {1, 2, 3, 0}), location().scores(Q, Tensor.zeros(FLOAT64, 4, 7)));
    }

    @Test
    void key_contents_and_width_do_not_matter() {
        Tensor s = location().scores(Q, Tensor.matrix(FLOAT64, new double[] {5}, new double[] {-9}));
        assertEquals(Tensor.matrix(FLOAT64, new double[] {1, 2}), s);
    }

    @Test
    void more_keys_than_max_positions_is_a_shape_error_naming_it() {
        ShapeException e = assertThrows(ShapeException.class, () -> location().scores(Q, Tensor.zeros(FLOAT64, 5, 7)));
        assertTrue(e.getMessage().contains("max-positions") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void backward_by_hand() {
        // m = 2, dL/ds = (1, 3): dq = 1·W_0 + 3·W_1 = (1, 3); dW rows 0 and 1 get 1·q and 3·q, rows 2 and 3 nothing;
        // the keys get zeros.
        Tensor keys = Tensor.matrix(FLOAT64, new double[] {5, 6}, new double[] {7, 8});
        AlignmentGradients g = location().backward(Q, keys, Tensor.matrix(FLOAT64, new double[] {1, 3}));
        assertEquals(Tensor.matrix(FLOAT64, new double[] {1, 3}), g.queries());
        assertEquals(Tensor.zeros(FLOAT64, 2, 2), g.keys());
        assertEquals(Tensor.matrix(FLOAT64, new double[] {1, 2}, new double[] {3, 6}, new double[] {0, 0},
                new double[] {0, 0}), g.parameters().get("W"));
    }

    @Test
    void max_positions_is_required() {
        AlignmentProvider p = AlignmentFixtures.provider("location");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).width("queries", 2).build());
        assertEquals("max-positions", e.key().orElseThrow());
    }
}
