package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private final Distribution softmax = DistributionFixtures.create(DistributionFixtures.provider("softmax"));

    private static Tensor row(double... v) {
        return Tensor.matrix(FLOAT64, v);
    }

    @Test
    void softmax_by_hand() {
        // e^1 = 2.7182818, e^2 = 7.3890561, e^3 = 20.0855369; sum = 30.1928749.
        // 2.7182818/30.1928749 = 0.0900306, 7.3890561/30.1928749 = 0.2447285, 20.0855369/30.1928749 = 0.6652410.
        Tensor w = softmax.weights(row(1, 2, 3), Mask.all());
        assertEquals(0.0900306, w.get(0, 0), 1e-7);
        assertEquals(0.2447285, w.get(0, 1), 1e-7);
        assertEquals(0.6652410, w.get(0, 2), 1e-7);
    }

    @Test
    void temperature_divides_the_scores() {
        // τ = 2: e^0.5 = 1.6487213, e^1 = 2.7182818, e^1.5 = 4.4816891; sum = 8.8486922.
        // → 0.1863237, 0.3071959, 0.5064804 (flatter than τ = 1).
        Distribution f = DistributionFixtures.create(DistributionFixtures.provider("softmax"), Map.of("temperature", 2.0));
        Tensor w = f.weights(row(1, 2, 3), Mask.all());
        assertEquals(0.1863237, w.get(0, 0), 1e-7);
        assertEquals(0.3071959, w.get(0, 1), 1e-7);
        assertEquals(0.5064804, w.get(0, 2), 1e-7);
    }

    @Test
    void masked_keys_get_exactly_zero_and_the_rest_renormalises() {
        // Key 1 masked: e^1/(e^1 + e^3) = 2.7182818/22.8038187 = 0.1192029, e^3/(e^1 + e^3) = 0.8807971.
        Tensor w = softmax.weights(row(1, 2, 3), (b, i, j) -> j != 1);
        assertEquals(0.1192029, w.get(0, 0), 1e-7);
        assertEquals(0.0, w.get(0, 1), 0.0);
        assertEquals(0.8807971, w.get(0, 2), 1e-7);
    }

    @Test
    void a_row_with_no_allowed_key_is_all_zeros() {
        // Batch 1 has length 0: nothing to attend to.
        Tensor s = Tensor.of(FLOAT64, new int[] {2, 1, 2}, 1, 2, 3, 4);
        Tensor w = softmax.weights(s, Mask.keyLengths(2, 0));
        assertEquals(0.0, w.get(1, 0, 0), 0.0);
        assertEquals(0.0, w.get(1, 0, 1), 0.0);
        // Batch 0 is untouched: e^1/(e^1 + e^2) = 1/(1 + e) = 0.2689414.
        assertEquals(0.2689414, w.get(0, 0, 0), 1e-7);
    }

    @Test
    void huge_float32_scores_give_a_one_hot_row_without_nan() {
        // exp(±1e4) overflows even double; after subtracting the max the exponents are 0, -2e4 and -1e4.
        Tensor w = softmax.weights(Tensor.matrix(FLOAT32, new double[] {1e4, -1e4, 0}), Mask.all());
        assertEquals(FLOAT32, w.dtype());
        assertTrue(w.isFinite(), w.toString());
        assertEquals(1.0, w.get(0, 0), 1e-6);
        assertEquals(0.0, w.get(0, 1), 1e-6);
        assertEquals(0.0, w.get(0, 2), 1e-6);
        // Two equal huge scores share the weight.
        Tensor tie = softmax.weights(Tensor.matrix(FLOAT32, new double[] {1e4, 1e4}), Mask.all());
        assertEquals(0.5, tie.get(0, 0), 1e-6);
        assertEquals(0.5, tie.get(0, 1), 1e-6);
    }

    @Test
    void adding_a_constant_to_a_row_changes_nothing() {
        Tensor w = softmax.weights(row(0.3, -1.2, 2.5, 0.0), Mask.all());
        Tensor shifted = softmax.weights(row(1000.3, 998.8, 1002.5, 1000.0), Mask.all());
        for (int j = 0; j < 4; j++) {
            assertEquals(w.get(0, j), shifted.get(0, j), 1e-12);
        }
    }

    @Test
    void backward_by_hand() {
        // s = (0, 0): w = (0.5, 0.5). g = (1, 0): Σ w g = 0.5, ds = (0.5·(1 − 0.5), 0.5·(0 − 0.5)) = (0.25, −0.25).
        Tensor s = row(0, 0);
        Tensor w = softmax.weights(s, Mask.all());
        Tensor ds = softmax.backward(s, Mask.all(), w, row(1, 0)).scores();
        assertEquals(0.25, ds.get(0, 0), 1e-15);
        assertEquals(-0.25, ds.get(0, 1), 1e-15);
        // τ = 2 halves it: (0.125, −0.125).
        Distribution hot = DistributionFixtures.create(DistributionFixtures.provider("softmax"), Map.of("temperature", 2.0));
        Tensor ds2 = hot.backward(s, Mask.all(), hot.weights(s, Mask.all()), row(1, 0)).scores();
        assertEquals(0.125, ds2.get(0, 0), 1e-15);
        assertEquals(-0.125, ds2.get(0, 1), 1e-15);
    }

    @Test
    void backward_is_zero_at_masked_positions() {
        // Key 1 masked: w = (0.5, 0, 0.5); g = (1, 7, 0): Σ w g = 0.5, ds = (0.25, 0, −0.25).
        Mask mask = (b, i, j) -> j != 1;
        Tensor s = row(0, 5, 0);
        Tensor ds = softmax.backward(s, mask, softmax.weights(s, mask), row(1, 7, 0)).scores();
        assertEquals(Tensor.matrix(FLOAT64, new double[] {0.25, 0, -0.25}), ds);
    }

    @Test
    void backward_refuses_a_gradient_of_another_shape() {
        Tensor s = row(0, 0);
        assertThrows(ShapeException.class,
                () -> softmax.backward(s, Mask.all(), softmax.weights(s, Mask.all()), row(1, 0, 0)));
    }

    @Test
    void temperature_zero_is_refused_naming_the_parameter() {
        DistributionProvider p = DistributionFixtures.provider("softmax");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter("temperature", 0.0));
        assertEquals("temperature", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
    }
}
