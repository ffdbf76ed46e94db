package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** local-p's centre, window and Gaussian factor worked out by hand. */
class LocalPGaussianTest {

    @Test
    void a_zero_query_looks_at_the_middle_and_the_gaussian_damps_without_renormalising() {
        // Query (0, 0) ⇒ W_p q = 0 ⇒ tanh = 0 ⇒ v_pᵀ·0 = 0 ⇒ p = S·sigmoid(0) = 5/2 = 2.5, whatever
        // the (random) W_p and v_p. round(2.5) = 3 (halves up); D = 1 ⇒ window keys 2, 3, 4.
        // Dot scores are all 0 ⇒ softmax over the window = 1/3 each.
        // σ = D/2 = 1/2 ⇒ factor exp(−(j − 2.5)² / (2·¼)) = exp(−2(j − 2.5)²):
        //   j = 2, 3: exp(−0.5); j = 4: exp(−4.5).
        // ω = (0, 0, e^−0.5/3, e^−0.5/3, e^−4.5/3), row sum ≈ 0.4081 < 1 (not renormalised).
        // values (1, 2, 3, 4, 5) ⇒ output = (3 + 4)·e^−0.5/3 + 5·e^−4.5/3.
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", t(shape(1, 2), 0, 0))
                .put("keys", t(shape(5, 2), 1, 0, 0, 1, -1, 2, 3, 1, 0.5, 0.5))
                .put("values", t(shape(5, 1), 1, 2, 3, 4, 5))
                .build();
        Variant v = PositionFixtures.create(Fixtures.provider("local-p"), Map.of("window", 1), 0, in);
        AttentionResult r = v.forward(in);
        assertEquals(2.5, r.get("centres").get(0, 0), 1e-15);
        Tensor w = r.weights().orElseThrow();
        double near = Math.exp(-0.5) / 3;
        double far = Math.exp(-4.5) / 3;
        double[] expected = {0, 0, near, near, far};
        double sum = 0;
        for (int j = 0; j < 5; j++) {
            assertEquals(expected[j], w.get(0, j), 1e-15, "key " + j);
            sum += w.get(0, j);
        }
        assertTrue(sum < 0.41, "the row is not renormalised: " + sum);
        assertEquals(7 * near + 5 * far, r.output().get(0, 0), 1e-14);
    }

    @Test
    void padded_keys_shrink_s_and_the_window_stays_on_real_keys() {
        // Same zero query with only 2 real keys of 5: p = 2·½ = 1, centre 1; D = 2 ⇒ window 0…3
        // cut to the real keys 0, 1. Softmax ½ each; σ = 1 ⇒ factors exp(−½) (j = 0) and 1 (j = 1).
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", t(shape(1, 2), 0, 0))
                .put("keys", t(shape(5, 2), 1, 0, 0, 1, -1, 2, 3, 1, 0.5, 0.5), 2)
                .put("values", t(shape(5, 1), 1, 2, 3, 4, 5), 2)
                .build();
        AttentionResult r = PositionFixtures.create(Fixtures.provider("local-p"), Map.of("window", 2), 0, in).forward(in);
        assertEquals(1.0, r.get("centres").get(0, 0), 1e-15);
        Tensor w = r.weights().orElseThrow();
        assertEquals(Math.exp(-0.5) / 2, w.get(0, 0), 1e-15);
        assertEquals(0.5, w.get(0, 1), 1e-15);
        for (int j = 2; j < 5; j++) {
            assertEquals(0.0, w.get(0, j), "padded key " + j);
        }
    }
}
