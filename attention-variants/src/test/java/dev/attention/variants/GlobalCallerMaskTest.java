package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Global attention honours the caller's {@link AttentionInputs#mask()} (leave-one-out uses it). */
class GlobalCallerMaskTest {
    private final Variant global = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
    private static final Tensor X = t(shape(3, 1), 0, 1, 2);
    private static final Tensor Y = t(shape(3, 1), 10, 20, 40);

    @Test
    void an_off_diagonal_mask_predicts_each_row_from_the_others() {
        AttentionInputs in = AttentionInputs.builder().put("queries", X).put("keys", X).put("values", Y)
                .mask((b, i, j) -> i != j).build();
        AttentionResult r = global.forward(in);
        Tensor w = r.weights().orElseThrow();
        // Query 0 scores 0·0, 0·1, 0·2: key 0 is excluded, keys 1 and 2 tie ⇒ (20 + 40) / 2.
        assertEquals(0.0, w.get(0, 0));
        assertEquals(30.0, r.output().get(0, 0), 1e-12);
        // Query 2 scores 2·1 = 2 and 2·0 = 0 over keys 1 and 0: weights e²/(1 + e²) and 1/(1 + e²).
        double e2 = Math.exp(2);
        assertEquals((20 * e2 + 10) / (1 + e2), r.output().get(2, 0), 1e-12);
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, w.get(i, i), "diagonal weight " + i);
        }
    }

    @Test
    void masked_positions_pass_no_gradient_to_their_values() {
        Mask onlyFirstKey = (b, i, j) -> j == 0;
        AttentionInputs in = AttentionInputs.builder().put("queries", X).put("keys", X).put("values", Y)
                .mask(onlyFirstKey).build();
        AttentionResult r = global.forward(in);
        VariantGradients g = global.backward(in, r, Map.of(AttentionResult.OUTPUT, t(shape(3, 1), 1, 1, 1)));
        // Every query puts weight 1 on key 0 ⇒ dL/dV_0 = 3, other values unused.
        assertEquals(3.0, g.inputs().get("values").get(0, 0), 1e-12);
        assertEquals(0.0, g.inputs().get("values").get(1, 0));
        assertEquals(0.0, g.inputs().get("values").get(2, 0));
    }
}
