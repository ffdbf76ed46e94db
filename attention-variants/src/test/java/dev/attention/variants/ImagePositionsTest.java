package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 2-D sine-cosine positions over an image grid, against their closed form, and their wiring. */
class ImagePositionsTest {

    /** On a 2 × 3 grid, width 4: [sin r, cos r, sin c, cos c] for cell (r, c) = (t / 3, t mod 3). */
    @Test
    void width_four_is_the_sine_and_cosine_of_the_row_then_of_the_column() {
        Tensor pe = PositionalEncoding.sinusoidal2d(2, 3).add("sequence", Tensor.zeros(DType.FLOAT64, 6, 4));
        for (int t = 0; t < 6; t++) {
            int r = t / 3;
            int c = t % 3;
            assertArrayEquals(new double[] {Math.sin(r), Math.cos(r), Math.sin(c), Math.cos(c)},
                    new double[] {pe.get(t, 0), pe.get(t, 1), pe.get(t, 2), pe.get(t, 3)}, 1e-15, "t = " + t);
        }
    }

    /**
     * Width 7: the row takes ⌈7/2⌉ = 4 columns, frequencies 1 and 10000^(−2/4) = 0.01; the column
     * takes 3, frequencies 1 and 10000^(−2/3); an odd last column is a sine.
     */
    @Test
    void an_odd_width_gives_the_row_the_larger_half() {
        Tensor pe = PositionalEncoding.sinusoidal2d(3, 2).add("sequence", Tensor.zeros(DType.FLOAT64, 6, 7));
        double f = Math.pow(10000, -2.0 / 3);
        for (int t = 0; t < 6; t++) {
            int r = t / 2;
            int c = t % 2;
            double[] expected = {Math.sin(r), Math.cos(r), Math.sin(r * 0.01), Math.cos(r * 0.01),
                    Math.sin(c), Math.cos(c), Math.sin(c * f)};
            for (int k = 0; k < 7; k++) {
                assertEquals(expected[k], pe.get(t, k), 1e-15, "t = " + t + ", column " + k);
            }
        }
    }

    @Test
    void self_attention_with_2d_positions_is_self_attention_over_x_plus_pe() {
        VariantProvider self = Fixtures.provider("self");
        Tensor x = GradientCheck.random(new int[] {2, 6, 4}, 71, -1, 1);
        Variant with = self.create(PluginContext.builder("self", self.parameters())
                .parameters(Map.of("positional", "sinusoidal-2d")).width("sequence", 4).grid("sequence", 3, 2)
                .alignment(ReferenceComponents.dot()).distribution(ReferenceComponents.softmax()).build());
        Variant without = InputFixtures.create(self, Map.of(), Map.of("sequence", 4));
        Tensor.Builder moved = Tensor.builder(DType.FLOAT64, 2, 6, 4);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                int r = t / 2;
                int c = t % 2;
                double[] pe = {Math.sin(r), Math.cos(r), Math.sin(c), Math.cos(c)};
                for (int k = 0; k < 4; k++) {
                    moved.set(b, t, k, x.get(b, t, k) + pe[k]);
                }
            }
        }
        AttentionResult a = with.forward(AttentionInputs.builder().put("sequence", x).build());
        AttentionResult e = without.forward(AttentionInputs.builder().put("sequence", moved.build()).build());
        assertEquals(e.output(), a.output());
    }

    @Test
    void a_sequence_that_is_not_the_whole_grid_is_refused() {
        ShapeException e = assertThrows(ShapeException.class, () -> PositionalEncoding.sinusoidal2d(2, 3)
                .add("sequence", Tensor.zeros(DType.FLOAT64, 5, 4)));
        assertTrue(e.getMessage().contains("sequence has 5 positions but its image grid is 2 × 3 = 6"), e.getMessage());
    }

    @Test
    void without_a_grid_2d_positions_name_the_input_and_layout_image() {
        ConfigException e = assertThrows(ConfigException.class, () -> InputFixtures.create(Fixtures.provider("pooling"),
                Map.of("positional", "sinusoidal-2d"), Map.of("sequence", 4)));
        assertTrue(e.getMessage().startsWith("positional: sinusoidal-2d numbers the cells of an image grid, but"
                + " 'sequence' was not read as one (declare the input with layout: image"), e.getMessage());
    }
}
