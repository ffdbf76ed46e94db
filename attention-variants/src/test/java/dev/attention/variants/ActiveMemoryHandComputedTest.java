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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Active memory on a one-feature memory with gates fixed at ½ (U_u = U_r = 0, zero biases) and the
 * candidate kernel U = [1, 2, 3] (taps left, centre, right): one step is
 * s'_i = ½ s_i + ½ tanh(Σ_t U_t · ½ s_{i+t−1}), zero outside the memory, worked by hand below.
 */
class ActiveMemoryHandComputedTest {
    private static final double EPS = 1e-12;

    private static Variant variant(int steps) {
        Tensor[] p = {
            Tensor.matrix(DType.FLOAT64, new double[] {1, 2, 3}), Tensor.zeros(DType.FLOAT64, 1, 1),
            Tensor.zeros(DType.FLOAT64, 1, 3), Tensor.zeros(DType.FLOAT64, 1, 1),
            Tensor.zeros(DType.FLOAT64, 1, 3), Tensor.zeros(DType.FLOAT64, 1, 1)};
        return new ActiveMemoryVariant(steps, 3, p);
    }

    private static Tensor memory(double... s) {
        return Tensor.of(DType.FLOAT64, new int[] {1, s.length, 1}, s);
    }

    @Test
    void one_step_convolves_with_zero_padding_at_both_ends() {
        // s = [1, 2, 3], r ∘ s = [.5, 1, 1.5]; pre-activations: 2·.5 + 3·1 = 4, 1·.5 + 2·1 + 3·1.5 = 7,
        // 1·1 + 2·1.5 = 4.
        Tensor out = variant(1).forward(AttentionInputs.builder().put("sequence", memory(1, 2, 3)).build()).output();
        assertArrayEquals(new double[] {.5 + .5 * Math.tanh(4), 1 + .5 * Math.tanh(7), 1.5 + .5 * Math.tanh(4)},
                out.toDoubleArray(), EPS);
    }

    @Test
    void padded_positions_are_outside_the_memory_and_give_zero_rows() {
        // Length 2 of [1, 2, 3]: r ∘ s = [.5, 1]; pre-activations 2·.5 + 3·1 = 4 and 1·.5 + 2·1 = 2.5.
        AttentionInputs in = AttentionInputs.builder().put("sequence", memory(1, 2, 3), 2).build();
        Tensor out = variant(1).forward(in).output();
        assertArrayEquals(new double[] {.5 + .5 * Math.tanh(4), 1 + .5 * Math.tanh(2.5), 0}, out.toDoubleArray(), EPS);
    }

    @Test
    void steps_zero_runs_as_many_steps_as_real_positions() {
        AttentionInputs in = AttentionInputs.builder().put("sequence", memory(1, 2, 3), 2).build();
        assertEquals(variant(2).forward(in).output(), variant(0).forward(in).output());
        // The second step applies the same rule to the first step's state.
        double a = .5 + .5 * Math.tanh(4);
        double b = 1 + .5 * Math.tanh(2.5);
        double[] twice = {.5 * a + .5 * Math.tanh(2 * .5 * a + 3 * .5 * b), .5 * b + .5 * Math.tanh(.5 * a + 2 * .5 * b)};
        double[] got = variant(0).forward(in).output().toDoubleArray();
        assertEquals(twice[0], got[0], EPS);
        assertEquals(twice[1], got[1], EPS);
    }

    @Test
    void returns_only_the_output_per_position() {
        AttentionResult r = variant(1).forward(AttentionInputs.builder().put("sequence", memory(1, 2, 3)).build());
        assertEquals(java.util.Set.of(AttentionResult.OUTPUT), r.names());
        assertArrayEquals(new int[] {1, 3, 1}, r.output().shape());
    }

    @Test
    void a_memory_of_another_width_is_refused_by_name() {
        Tensor wide = Tensor.zeros(DType.FLOAT64, 1, 3, 2);
        ShapeException e = assertThrows(ShapeException.class,
                () -> variant(1).forward(AttentionInputs.builder().put("sequence", wide).build()));
        assertTrue(e.getMessage().contains("sequence has width 2"), e.getMessage());
    }

    @Test
    void an_even_kernel_is_refused_with_the_fix() {
        var p = Fixtures.provider("active-memory");
        ConfigException e = assertThrows(ConfigException.class, () -> p.create(PluginContext.builder(p.id(),
                p.parameters()).parameters(Map.of("kernel", 2)).width("sequence", 2).build()));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
    }
}
