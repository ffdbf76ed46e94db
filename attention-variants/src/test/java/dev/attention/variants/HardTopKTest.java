package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which keys top-k picks and how it reports them in {@code positions}. */
class HardTopKTest {

    private static Variant hard(int k, AttentionInputs in) {
        return PositionFixtures.create(Fixtures.provider("hard"), Map.of("k", k), 0, in);
    }

    @Test
    void k_one_picks_the_argmax_of_the_scores_with_weight_one() {
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", GradientCheck.random(shape(2, 5, 3), 1, -2, 2))
                .put("keys", GradientCheck.random(shape(2, 6, 3), 2, -2, 2))
                .put("values", GradientCheck.random(shape(2, 6, 2), 3, -2, 2))
                .build();
        AttentionResult r = hard(1, in).forward(in);
        // Softmax is monotonic, so the largest weight sits at the largest score.
        Tensor scores = ReferenceComponents.dot().scores(in.tensor("queries"), in.tensor("keys"));
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 5; i++) {
                int argmax = 0;
                for (int j = 1; j < 6; j++) {
                    argmax = scores.get(b, i, j) > scores.get(b, i, argmax) ? j : argmax;
                }
                assertEquals(argmax, r.get("positions").get(b, i, 0), "row " + b + "," + i);
                assertEquals(1.0, r.weights().orElseThrow().get(b, i, argmax), 1e-15);
                for (int c = 0; c < 2; c++) {
                    assertEquals(in.tensor("values").get(b, argmax, c), r.output().get(b, i, c), 1e-15);
                }
            }
        }
    }

    @Test
    void positions_are_in_rank_order_and_the_chosen_weights_are_renormalised() {
        // query ln 2, keys (0, 1, 2) ⇒ scores (0, ln2, 2 ln2) ⇒ softmax ∝ (1, 2, 4) = (1/7, 2/7, 4/7).
        // top-2 = keys 2, 1 ⇒ renormalised (2/6, 4/6) = (1/3, 2/3); values (10, 20, 30) ⇒ 20/3 + 60/3 = 80/3.
        AttentionInputs in = AttentionInputs.builder().put("queries", t(shape(1, 1), Math.log(2)))
                .put("keys", t(shape(3, 1), 0, 1, 2)).put("values", t(shape(3, 1), 10, 20, 30)).build();
        AttentionResult r = hard(2, in).forward(in);
        assertEquals(2.0, r.get("positions").get(0, 0));
        assertEquals(1.0, r.get("positions").get(0, 1));
        Tensor w = r.weights().orElseThrow();
        assertEquals(0.0, w.get(0, 0));
        assertEquals(1.0 / 3, w.get(0, 1), 1e-15);
        assertEquals(2.0 / 3, w.get(0, 2), 1e-15);
        assertEquals(80.0 / 3, r.output().get(0, 0), 1e-12);
    }

    @Test
    void ties_go_to_the_lower_index() {
        // Keys 1 and 3 are equal and score highest; k = 1 must pick key 1, k = 2 keys 1 then 3.
        AttentionInputs in = AttentionInputs.builder().put("queries", t(shape(1, 1), 1))
                .put("keys", t(shape(4, 1), 0, 2, 1, 2)).put("values", t(shape(4, 1), 1, 2, 3, 4)).build();
        assertEquals(1.0, hard(1, in).forward(in).get("positions").get(0, 0));
        Tensor two = hard(2, in).forward(in).get("positions");
        assertEquals(1.0, two.get(0, 0));
        assertEquals(3.0, two.get(0, 1));
    }

    @Test
    void rows_with_fewer_real_keys_than_k_use_them_all_and_mark_the_rest_minus_one() {
        // Two real keys of four, k = 3: both are used, the third position is −1.
        AttentionInputs in = AttentionInputs.builder().put("queries", t(shape(1, 1), 0))
                .put("keys", t(shape(4, 1), 1, 2, 3, 4), 2).put("values", t(shape(4, 1), 10, 20, 30, 40), 2).build();
        AttentionResult r = hard(3, in).forward(in);
        assertEquals(0.0, r.get("positions").get(0, 0));
        assertEquals(1.0, r.get("positions").get(0, 1));
        assertEquals(-1.0, r.get("positions").get(0, 2));
        // query 0 ⇒ equal scores ⇒ (10 + 20) / 2.
        assertEquals(15.0, r.output().get(0, 0), 1e-12);
    }

    @Test
    void k_above_the_key_count_of_the_data_is_refused_naming_k() {
        AttentionInputs in = AttentionInputs.builder().put("queries", t(shape(1, 1), 0))
                .put("keys", t(shape(3, 1), 1, 2, 3)).put("values", t(shape(3, 1), 1, 2, 3)).build();
        AttentionException e = assertThrows(AttentionException.class, () -> hard(4, in).forward(in));
        assertTrue(e.getMessage().contains("'k'") && e.getMessage().contains("3 keys"), e.getMessage());
    }
}
