package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Positional encodings and ALiBi against numpy (tools/reference_multihead.py). */
class PositionalReferenceTest {

    @Test
    void sinusoidal_table_with_an_odd_width() {
        Tensor pe = MultiHeadReference.of("pos-self-sinusoidal").get("expected.pe");
        for (int pos = 0; pos < pe.rows(); pos++) {
            for (int c = 0; c < pe.cols(); c++) {
                assertEquals(pe.get(pos, c), PositionalEncoding.sinusoid(pos, c, pe.cols()), 1e-15, pos + ", " + c);
            }
        }
    }

    @Test
    void self_attention_over_x_plus_sinusoidal_positions() {
        Map<String, Tensor> c = MultiHeadReference.of("pos-self-sinusoidal");
        AttentionResult r = MultiHeadReference.run(Fixtures.provider("self"), Map.of("positional", "sinusoidal"), c, Map.of());
        MultiHeadReference.assertMatches(c, r, "output");
        MultiHeadReference.assertMatches(c, r, "weights");
    }

    @Test
    void causal_cross_attention_with_learned_positions_and_alibi() {
        Map<String, Tensor> c = MultiHeadReference.of("pos-cross-learned-alibi");
        AttentionResult r = MultiHeadReference.run(Fixtures.provider("cross"),
                Map.of("positional", "learned", "max-length", 6, "alibi", true, "causal", true), c, Map.of());
        MultiHeadReference.assertMatches(c, r, "output");
        MultiHeadReference.assertMatches(c, r, "weights");
    }
}
