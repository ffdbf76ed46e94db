package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attention pooling worked out by hand with dot + softmax; each comment shows the arithmetic. */
class PoolingHandComputedTest {

    private static Variant pooling(int hidden, Parameters parameters) {
        return InputFixtures.create(Fixtures.provider("pooling"), Map.of("hidden", hidden), Map.of("sequence", 1))
                .withParameters(parameters);
    }

    @Test
    void the_context_vector_scores_the_sequence_itself_when_hidden_is_zero() {
        // h = (0, 1), u = ln 3 ⇒ s = (0, ln 3) ⇒ w = (1, 3) / 4 ⇒ output = 3/4 · 1 = 0.75.
        Variant v = pooling(0, Parameters.of("variant.u", t(shape(1, 1), Math.log(3))));
        AttentionResult r = v.forward(AttentionInputs.builder().put("sequence", t(shape(2, 1), 0, 1)).build());
        assertArrayEquals(new double[] {0.25, 0.75}, r.weights().orElseThrow().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.75}, r.output().toDoubleArray(), 1e-12);
    }

    @Test
    void hidden_keys_go_through_tanh() {
        // W = 1, b = 0, u = 1, h = (0, 1) ⇒ k = (0, tanh 1) ⇒ s = (0, tanh 1)
        // ⇒ w = (1, e^{tanh 1}) / (1 + e^{tanh 1}) ⇒ output = e^{tanh 1} / (1 + e^{tanh 1}).
        Variant v = pooling(1, Parameters.of(Map.of("variant.u", t(shape(1, 1), 1),
                "variant.W", t(shape(1, 1), 1), "variant.b", t(shape(1, 1), 0))));
        AttentionResult r = v.forward(AttentionInputs.builder().put("sequence", t(shape(2, 1), 0, 1)).build());
        double e = Math.exp(Math.tanh(1));
        assertArrayEquals(new double[] {e / (1 + e)}, r.output().toDoubleArray(), 1e-12);
    }

    @Test
    void padding_is_left_out_and_an_empty_sequence_pools_to_zero() {
        // Batch of two: the first keeps 1 of 2 positions ⇒ w = (1, 0), output = h_0 = 5;
        // the second has length 0 ⇒ zero weights and output.
        Variant v = pooling(0, Parameters.of("variant.u", t(shape(1, 1), 0.3)));
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("sequence", t(shape(2, 2, 1), 5, 7, 9, 11), 1, 0).build());
        assertArrayEquals(new double[] {1, 0, 0, 0}, r.weights().orElseThrow().toDoubleArray(), 0);
        assertArrayEquals(new double[] {5, 0}, r.output().toDoubleArray(), 0);
    }
}
