package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Monotonic and MoChA on scalar keys with the test components' dot alignment and softmax:
 * keys (−1, 2, −1, 3), values (10, 20, 30, 40).
 */
class MonotonicHandComputedTest {
    private static final Tensor KEYS = t(shape(4, 1), -1, 2, -1, 3);
    private static final Tensor VALUES = t(shape(4, 1), 10, 20, 30, 40);

    private static AttentionInputs inputs(double... queries) {
        return AttentionInputs.builder().put("queries", t(shape(queries.length, 1), queries)).put("keys", KEYS)
                .put("values", VALUES).build();
    }

    private static double[] column(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void each_query_scans_forward_from_the_previous_position_inclusive() {
        // q = 1: scores (−1, 2, −1, 3) → first ≥ 0 at 1. q = 1 again: from 1, inclusive → 1.
        // q = −1: scores (1, −2, 1, −3) from 1 → 2 (key 0 would fire but is behind).
        AttentionInputs in = inputs(1, 1, -1);
        AttentionResult r = PositionFixtures.create(Fixtures.provider("monotonic"), Map.of(), 0, in).forward(in);
        assertArrayEquals(new double[] {1, 1, 2}, column(r.get("positions")));
        assertArrayEquals(new double[] {20, 20, 30}, column(r.output()));
        assertEquals(1.0, r.weights().orElseThrow().get(2, 2));
    }

    @Test
    void the_offset_raises_the_bar_and_a_query_that_finds_nothing_ends_the_scan() {
        // offset −2.5: q = 1 fires only at key 3 (3 − 2.5 ≥ 0); q = 1 stays at 3; q = −1 finds nothing after 3,
        // and q = 1 after it gets nothing either although key 3 would fire: the scan has passed the end.
        AttentionInputs in = inputs(1, 1, -1, 1);
        AttentionResult r = PositionFixtures.create(Fixtures.provider("monotonic"), Map.of("offset", -2.5), 0, in)
                .forward(in);
        assertArrayEquals(new double[] {3, 3, -1, -1}, column(r.get("positions")));
        assertArrayEquals(new double[] {40, 40, 0, 0}, column(r.output()));
        double[] unanswered = java.util.Arrays.copyOfRange(r.weights().orElseThrow().toDoubleArray(), 8, 12);
        assertArrayEquals(new double[4], unanswered, "row 2 of the weights is all zero");
    }

    @Test
    void mocha_is_softmax_over_the_chunk_ending_at_the_position() {
        // q = 1 fires at 1; chunk 2 = keys 0, 1 with scores (−1, 2): (10 e^−1 + 20 e^2) / (e^−1 + e^2).
        AttentionInputs in = inputs(1);
        Variant v = PositionFixtures.create(Fixtures.provider("mocha"), Map.of("chunk", 2), 0, in);
        AttentionResult r = v.forward(in);
        double expected = (10 * Math.exp(-1) + 20 * Math.exp(2)) / (Math.exp(-1) + Math.exp(2));
        assertEquals(expected, r.output().get(0, 0), 1e-12);
        assertEquals(1.0, r.get("positions").get(0, 0));
        assertEquals(0.0, r.weights().orElseThrow().get(0, 2));
    }

    @Test
    void a_chunk_of_one_is_hard_monotonic_attention_under_softmax() {
        AttentionInputs in = inputs(1, -1, 1, 1);
        AttentionResult hard = PositionFixtures.create(Fixtures.provider("monotonic"), Map.of(), 0, in).forward(in);
        AttentionResult mocha = PositionFixtures.create(Fixtures.provider("mocha"), Map.of("chunk", 1), 0, in).forward(in);
        assertArrayEquals(hard.output().toDoubleArray(), mocha.output().toDoubleArray(), 1e-12);
        assertArrayEquals(hard.get("positions").toDoubleArray(), mocha.get("positions").toDoubleArray());
    }

    @Test
    void chunk_must_be_positive() {
        AttentionInputs in = inputs(1);
        assertThrows(dev.attention.api.ConfigException.class,
                () -> PositionFixtures.create(Fixtures.provider("mocha"), Map.of("chunk", 0), 0, in));
    }
}
