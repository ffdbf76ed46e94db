package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cross-attention masks worked out by hand. Zero queries score 0 against every key, so each row
 * is uniform over the keys it may see and the output is their values' mean.
 */
class CrossHandComputedTest {
    private static final Tensor VALUES = t(shape(3, 1), 10, 20, 30);

    private static Tensor zeros(int rows) {
        return Tensor.zeros(DType.FLOAT64, rows, 1);
    }

    @Test
    void causal_on_fewer_queries_than_keys_is_top_left_aligned() {
        // n = 2, m = 3, j ≤ i (torch.ones(2, 3).tril()): row 0 sees key 0, row 1 keys 0 and 1.
        Variant v = InputFixtures.create(Fixtures.provider("cross"), Map.of("causal", true), Map.of());
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("queries", zeros(2)).put("keys", zeros(3)).put("values", VALUES).build());
        assertArrayEquals(new double[] {1, 0, 0, 0.5, 0.5, 0}, r.weights().orElseThrow().toDoubleArray(), 1e-15);
        // y0 = 10, y1 = (10 + 20) / 2 = 15
        assertArrayEquals(new double[] {10, 15}, r.output().toDoubleArray(), 1e-12);
    }

    @Test
    void causal_on_more_queries_than_keys_lets_late_queries_see_every_key() {
        // n = 4, m = 3: row 3 sees keys 0..2 (j ≤ 3), as row 2 does ⇒ y = (10, 15, 20, 20).
        Variant v = InputFixtures.create(Fixtures.provider("cross"), Map.of("causal", true), Map.of());
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("queries", zeros(4)).put("keys", zeros(3)).put("values", VALUES).build());
        assertArrayEquals(new double[] {10, 15, 20, 20}, r.output().toDoubleArray(), 1e-12);
    }

    @Test
    void padding_on_both_sides() {
        // queries length 1 of 2: row 1 is padding ⇒ zero weights and output.
        // keys length 2 of 3: row 0 is uniform over keys 0, 1 ⇒ y0 = (10 + 20) / 2 = 15.
        Variant v = InputFixtures.create(Fixtures.provider("cross"), Map.of(), Map.of());
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("queries", t(shape(1, 2, 1), 0, 0), 1)
                .put("keys", t(shape(1, 3, 1), 0, 0, 0), 2)
                .put("values", t(shape(1, 3, 1), 10, 20, 30), 2).build());
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0, 0, 0}, r.weights().orElseThrow().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {15, 0}, r.output().toDoubleArray(), 1e-12);
    }
}
