package dev.attention.variants;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DiSAN feature-wise attention against numpy (tools/reference_multihead.py). */
class MultidimensionalReferenceTest {

    @Test
    void self_with_elu_causal_mask_and_padding() {
        Map<String, Tensor> c = MultiHeadReference.of("md-self-elu");
        AttentionResult r = MultiHeadReference.run(Fixtures.provider("multidimensional"),
                Map.of("hidden", 2, "causal", true), c, Map.of("sequence", new int[] {4, 2}));
        MultiHeadReference.assertMatches(c, r, "output");
        MultiHeadReference.assertMatches(c, r, "weights");
    }

    @Test
    void cross_with_tanh_and_padded_keys() {
        Map<String, Tensor> c = MultiHeadReference.of("md-cross-tanh");
        AttentionResult r = MultiHeadReference.run(Fixtures.provider("multidimensional"),
                Map.of("inputs", "cross", "activation", "tanh", "hidden", 3), c,
                Map.of("keys", new int[] {4, 3}, "values", new int[] {4, 3}));
        MultiHeadReference.assertMatches(c, r, "output");
        MultiHeadReference.assertMatches(c, r, "weights");
    }
}
