package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lengths on keys and queries: masked positions get weight exactly 0 and never produce NaN. */
class GlobalPaddingTest {
    private final Variant global = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());

    private static final Tensor QUERIES = t(shape(2, 2), 0.5, -1, 1, 0.25);
    private static final Tensor KEYS = t(shape(4, 2), 1, 0, 0, 1, 2, 2, -1, 3);
    private static final Tensor VALUES = t(shape(4, 1), 1, 2, 3, 4);

    @Test
    void keys_past_the_length_get_weight_zero_and_do_not_change_the_output() {
        AttentionResult padded = global.forward(AttentionInputs.builder()
                .put("queries", QUERIES).put("keys", KEYS, 2).put("values", VALUES, 2).build());
        // The same attention computed over just the first two keys.
        AttentionResult trimmed = global.forward(AttentionInputs.builder()
                .put("queries", QUERIES)
                .put("keys", t(shape(2, 2), 1, 0, 0, 1))
                .put("values", t(shape(2, 1), 1, 2))
                .build());
        Tensor w = padded.weights().orElseThrow();
        Tensor wt = trimmed.weights().orElseThrow();
        for (int i = 0; i < 2; i++) {
            assertEquals(0.0, w.get(i, 2));
            assertEquals(0.0, w.get(i, 3));
            assertEquals(wt.get(i, 0), w.get(i, 0), 1e-15);
            assertEquals(wt.get(i, 1), w.get(i, 1), 1e-15);
            assertEquals(trimmed.output().get(i, 0), padded.output().get(i, 0), 1e-15);
        }
    }

    @Test
    void whatever_sits_in_padded_rows_is_never_read() {
        Tensor junkKeys = t(shape(3, 1), 1, 2, Double.NaN);
        Tensor junkValues = t(shape(3, 1), 5, 7, Double.POSITIVE_INFINITY);
        AttentionResult r = global.forward(AttentionInputs.builder()
                .put("queries", t(shape(1, 1), 0)).put("keys", junkKeys, 2).put("values", junkValues, 2).build());
        // query 0 ⇒ equal scores on the two real keys ⇒ (5 + 7) / 2 = 6.
        assertEquals(6.0, r.output().get(0, 0), 1e-12);
        assertEquals(0.0, r.weights().orElseThrow().get(0, 2));
    }

    @Test
    void no_real_key_gives_zero_weights_and_zero_output_not_nan() {
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", QUERIES).put("keys", KEYS, 0).put("values", VALUES).build();
        AttentionResult r = global.forward(in);
        assertAllZero(r.weights().orElseThrow());
        assertAllZero(r.output());
        VariantGradients g = global.backward(in, r, Map.of(AttentionResult.OUTPUT, t(shape(2, 1), 1, -2)));
        for (Tensor t : g.inputs().values()) {
            assertAllZero(t);
        }
    }

    @Test
    void padded_query_rows_get_zero_weights_and_zero_output() {
        AttentionResult r = global.forward(AttentionInputs.builder()
                .put("queries", QUERIES, 1).put("keys", KEYS).put("values", VALUES).build());
        Tensor w = r.weights().orElseThrow();
        double sum = 0;
        for (int j = 0; j < 4; j++) {
            sum += w.get(0, j);
            assertEquals(0.0, w.get(1, j));
        }
        assertEquals(1.0, sum, 1e-12, "a real query's weights sum to 1");
        assertEquals(0.0, r.output().get(1, 0));
        assertTrue(r.output().get(0, 0) > 0);
    }

    @Test
    void lengths_apply_per_batch_element() {
        // Batch element 0 keeps all 4 keys, element 1 only the first.
        Tensor q = t(shape(2, 1, 1), 0, 0);
        Tensor k = t(shape(2, 4, 1), 0, 0, 0, 0, 0, 0, 0, 0);
        Tensor v = t(shape(2, 4, 1), 1, 2, 3, 4, 10, 20, 30, 40);
        AttentionResult r = global.forward(AttentionInputs.builder()
                .put("queries", q).put("keys", k, 4, 1).put("values", v, 4, 1).build());
        // element 0: uniform over 4 ⇒ (1+2+3+4)/4 = 2.5; element 1: only key 0 ⇒ 10.
        assertEquals(2.5, r.output().get(0, 0, 0), 1e-12);
        assertEquals(10.0, r.output().get(1, 0, 0), 1e-12);
        assertEquals(1.0, r.weights().orElseThrow().get(1, 0, 0), 1e-12);
    }

    private static void assertAllZero(Tensor t) {
        for (int k = 0; k < t.size(); k++) {
            assertEquals(0.0, t.at(k), t.toString());
        }
    }
}
