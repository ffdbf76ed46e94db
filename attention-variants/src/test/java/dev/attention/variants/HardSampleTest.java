package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sampled hard attention is reproducible from the seed and follows the weights. */
class HardSampleTest {

    /** 40 identical queries over 6 keys with equal scores: every pick is a coin flip. */
    private static final AttentionInputs UNIFORM = AttentionInputs.builder()
            .put("queries", Tensor.zeros(DType.FLOAT64, 40, 1))
            .put("keys", t(shape(6, 1), 1, 2, 3, 4, 5, 6))
            .put("values", t(shape(6, 1), 1, 2, 3, 4, 5, 6)).build();

    private static Tensor positions(long seed, int k, AttentionInputs in) {
        return PositionFixtures.create(Fixtures.provider("hard"), Map.of("k", k, "mode", "sample"), seed, in)
                .forward(in).get("positions");
    }

    @Test
    void the_same_seed_gives_the_same_picks_on_every_call() {
        Tensor first = positions(5, 2, UNIFORM);
        assertEquals(first, positions(5, 2, UNIFORM), "a new variant with the same seed");
        var v = PositionFixtures.create(Fixtures.provider("hard"), Map.of("k", 2, "mode", "sample"), 5, UNIFORM);
        assertEquals(v.forward(UNIFORM).get("positions"), v.forward(UNIFORM).get("positions"), "repeated calls");
    }

    @Test
    void different_seeds_give_different_picks() {
        Tensor base = positions(0, 2, UNIFORM);
        for (long seed = 1; seed <= 3; seed++) {
            assertNotEquals(base, positions(seed, 2, UNIFORM), "seed " + seed);
        }
    }

    @Test
    void rows_of_one_call_do_not_all_pick_alike() {
        // The counter includes the query row, so identical rows still draw independently.
        Tensor p = positions(0, 1, UNIFORM);
        Set<Double> picked = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            picked.add(p.get(i, 0));
        }
        assertTrue(picked.size() >= 4, "picks " + picked);
    }

    @Test
    void picks_are_distinct_keys() {
        // k = m: every key exactly once per row (without replacement).
        Tensor p = positions(9, 6, UNIFORM);
        for (int i = 0; i < 40; i++) {
            Set<Double> row = new HashSet<>();
            for (int t = 0; t < 6; t++) {
                row.add(p.get(i, t));
            }
            assertEquals(6, row.size(), "row " + i);
        }
    }

    @Test
    void single_picks_follow_the_weights() {
        // query 1, keys (0, ln2, ln5) ⇒ softmax ∝ (1, 2, 5) ⇒ (0.125, 0.25, 0.625).
        // 4000 draws: the standard error is at most 0.008, the tolerance 0.03.
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", Tensor.of(DType.FLOAT64, new int[] {4000, 1}, ones(4000)))
                .put("keys", t(shape(3, 1), 0, Math.log(2), Math.log(5)))
                .put("values", t(shape(3, 1), 0, 0, 0)).build();
        Tensor p = positions(3, 1, in);
        int[] counts = new int[3];
        for (int i = 0; i < 4000; i++) {
            counts[(int) p.get(i, 0)]++;
        }
        double[] expected = {0.125, 0.25, 0.625};
        for (int j = 0; j < 3; j++) {
            assertEquals(expected[j], counts[j] / 4000.0, 0.03, "key " + j);
        }
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1);
        return v;
    }
}
