package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The masks of self and cross on random data: causal weights are exactly 0 above the diagonal,
 * padded rows give zero weights and zero output, real rows sum to 1, and nothing is NaN.
 */
class InputMasksTest {
    private static final Tensor SEQUENCE = GradientCheck.random(new int[] {2, 5, 3}, 41, -2, 2);

    private static Variant self(Map<String, ?> parameters) {
        return InputFixtures.create(Fixtures.provider("self"), parameters, Map.of("sequence", 3));
    }

    @Test
    void causal_weights_are_exactly_zero_above_the_diagonal_and_rows_sum_to_one() {
        for (Map<String, Object> p : java.util.List.<Map<String, Object>>of(Map.of("causal", true),
                Map.of("causal", true, "project", true))) {
            Tensor w = self(p).forward(AttentionInputs.builder().put("sequence", SEQUENCE).build())
                    .weights().orElseThrow();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 5; i++) {
                    double sum = 0;
                    for (int j = 0; j < 5; j++) {
                        if (j > i) {
                            assertEquals(0.0, w.get(b, i, j), p + " (" + b + ", " + i + ", " + j + ")");
                        } else {
                            assertTrue(w.get(b, i, j) > 0, "visible keys keep a positive softmax weight");
                        }
                        sum += w.get(b, i, j);
                    }
                    assertEquals(1.0, sum, 1e-12);
                }
            }
        }
    }

    @Test
    void padded_positions_attend_to_nothing_and_are_attended_by_nobody() {
        // Lengths 5 and 2: in batch element 1, rows 2..4 are padding.
        AttentionInputs in = AttentionInputs.builder().put("sequence", SEQUENCE, 5, 2).build();
        AttentionResult r = self(Map.of("project", true)).forward(in);
        Tensor w = r.weights().orElseThrow();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                if (i >= 2 || j >= 2) {
                    assertEquals(0.0, w.get(1, i, j), "(" + i + ", " + j + ")");
                }
            }
            if (i >= 2) {
                for (int c = 0; c < r.output().cols(); c++) {
                    assertEquals(0.0, r.output().get(1, i, c));
                }
            }
        }
        assertEquals(1.0, w.get(1, 0, 0) + w.get(1, 0, 1), 1e-12, "a real row sums to 1 over real keys");
    }

    @Test
    void an_empty_sequence_gives_zeros_and_zero_gradients_not_nan() {
        AttentionInputs in = AttentionInputs.builder().put("sequence", SEQUENCE, 0, 0).build();
        Variant v = self(Map.of("project", true, "causal", true));
        AttentionResult r = v.forward(in);
        assertAllZero(r.output());
        assertAllZero(r.weights().orElseThrow());
        VariantGradients g = v.backward(in, r, Map.of(AttentionResult.OUTPUT,
                GradientCheck.probe(r.output().shape(), 1)));
        assertAllZero(g.inputs().get("sequence"));
        g.parameters().asMap().values().forEach(InputMasksTest::assertAllZero);
    }

    @Test
    void cross_padding_and_causal_combine() {
        // queries lengths {3, 1}, keys {4, 2}, causal: visible iff i < lq, j < lk and j ≤ i.
        Tensor q = GradientCheck.random(new int[] {2, 3, 3}, 42, -1, 1);
        Tensor k = GradientCheck.random(new int[] {2, 4, 3}, 43, -1, 1);
        Tensor v = GradientCheck.random(new int[] {2, 4, 2}, 44, -1, 1);
        Variant cross = InputFixtures.create(Fixtures.provider("cross"), Map.of("causal", true), Map.of());
        AttentionResult r = cross.forward(AttentionInputs.builder()
                .put("queries", q, 3, 1).put("keys", k, 4, 2).put("values", v, 4, 2).build());
        Tensor w = r.weights().orElseThrow();
        int[] lq = {3, 1};
        int[] lk = {4, 2};
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    boolean visible = i < lq[b] && j < lk[b] && j <= i;
                    assertEquals(visible, w.get(b, i, j) > 0, "(" + b + ", " + i + ", " + j + ")");
                }
            }
        }
        assertTrue(r.output().isFinite());
    }

    private static void assertAllZero(Tensor t) {
        for (int k = 0; k < t.size(); k++) {
            assertEquals(0.0, t.at(k), t.toString());
        }
    }
}
