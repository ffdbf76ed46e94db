package dev.attention.variants;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Multi-head forward values against numpy (tools/reference_multihead.py), heads split as PyTorch does. */
class MultiHeadReferenceTest {

    @Test
    void self_with_biases_causal_mask_and_padding() {
        Map<String, Tensor> c = MultiHeadReference.of("mh-self");
        AttentionResult r = MultiHeadReference.run(Fixtures.provider("multi-head"),
                Map.of("heads", 2, "dim", 4, "causal", true), c, Map.of("sequence", new int[] {4, 3}));
        MultiHeadReference.assertMatches(c, r, "output");
        MultiHeadReference.assertMatches(c, r, "weights");
    }

    @Test
    void cross_without_biases_with_alibi_padding_and_averaged_weights() {
        Map<String, Tensor> c = MultiHeadReference.of("mh-cross");
        AttentionResult r = MultiHeadReference.run(Fixtures.provider("multi-head"),
                Map.of("inputs", "cross", "heads", 2, "dim", 4, "bias", false, "alibi", true, "average-weights", true),
                c, Map.of("queries", new int[] {3, 2}, "keys", new int[] {4, 2}, "values", new int[] {4, 2}));
        MultiHeadReference.assertMatches(c, r, "output");
        MultiHeadReference.assertMatches(c, r, "weights");
        MultiHeadReference.assertMatches(c, r, "weights_mean");
    }
}
