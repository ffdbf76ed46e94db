package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which areas exist, in which order, and what they contribute, by hand. */
class AreaLayoutTest {

    private static AttentionResult run(int maxWidth, AttentionInputs in) {
        return PositionFixtures.create(Fixtures.provider("area"), Map.of("max-width", maxWidth), 0, in).forward(in);
    }

    private static final AttentionInputs THREE_KEYS = AttentionInputs.builder()
            .put("queries", t(shape(1, 1), 0))
            .put("keys", t(shape(3, 1), 1, 2, 3))
            .put("values", t(shape(3, 1), 1, 2, 3))
            .build();

    @Test
    void areas_are_ordered_by_width_then_start() {
        // m = 3, max-width 2: (s, w) = (0,1) (1,1) (2,1) (0,2) (1,2).
        AttentionResult r = run(2, THREE_KEYS);
        assertArrayEquals(new double[] {0, 1, 2, 0, 1}, r.get("area_start").toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 2, 2}, r.get("area_width").toDoubleArray());
        assertArrayEquals(new int[] {1, 5}, r.get("area_start").shape());
        assertArrayEquals(new int[] {1, 5}, r.weights().orElseThrow().shape());
    }

    @Test
    void widths_above_the_key_count_are_not_formed() {
        // max-width 5 over 3 keys: widths 1, 2, 3 ⇒ 3 + 2 + 1 = 6 areas.
        assertArrayEquals(new double[] {1, 1, 1, 2, 2, 3}, run(5, THREE_KEYS).get("area_width").toDoubleArray());
    }

    @Test
    void values_are_summed_and_keys_averaged() {
        // Query 0 ⇒ every area scores 0 ⇒ uniform 1/5 over the 5 areas.
        // Summed values (1, 2, 3, 1+2, 2+3) = (1, 2, 3, 3, 5) ⇒ output = 14/5 = 2.8.
        assertEquals(2.8, run(2, THREE_KEYS).output().get(0, 0), 1e-14);
        // Query ln 2: mean keys (1, 2, 3, 1.5, 2.5) ⇒ scores ln2·k ⇒ exp = 2^k = (2, 4, 8, 2√2, 4√2).
        AttentionInputs in = AttentionInputs.builder().put("queries", t(shape(1, 1), Math.log(2)))
                .put("keys", t(shape(3, 1), 1, 2, 3)).put("values", t(shape(3, 1), 1, 2, 3)).build();
        double[] e = {2, 4, 8, 2 * Math.sqrt(2), 4 * Math.sqrt(2)};
        double z = e[0] + e[1] + e[2] + e[3] + e[4];
        double[] sums = {1, 2, 3, 3, 5};
        double expected = 0;
        for (int a = 0; a < 5; a++) {
            expected += e[a] / z * sums[a];
        }
        assertEquals(expected, run(2, in).output().get(0, 0), 1e-14);
    }

    @Test
    void areas_reaching_into_padding_get_weight_zero() {
        // 2 real keys of 3: areas (2,1) and (1,2) reach key 2 ⇒ weight 0; the other 3 share 1/3.
        AttentionInputs in = AttentionInputs.builder().put("queries", t(shape(1, 1), 0))
                .put("keys", t(shape(3, 1), 1, 2, Double.NaN), 2).put("values", t(shape(3, 1), 1, 2, Double.NaN), 2).build();
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 0, 1.0 / 3, 0},
                run(2, in).weights().orElseThrow().toDoubleArray(), 1e-15);
    }
}
