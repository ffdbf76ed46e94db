package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results: an output is required, weights and extras are optional. */
class AttentionResultTest {
    private static final Tensor OUT = Tensor.zeros(DType.FLOAT64, 2, 3);
    private static final Tensor W = Tensor.zeros(DType.FLOAT64, 2, 4);

    @Test
    void output_and_weights() {
        AttentionResult r = AttentionResult.of(OUT, W);
        assertSame(OUT, r.output());
        assertSame(W, r.weights().orElseThrow());
        assertEquals(List.of("output", "weights"), List.copyOf(r.names()));
    }

    @Test
    void an_output_is_required() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttentionResult.of(Map.of("weights", W)));
        assertTrue(e.getMessage().contains("'output'"), e.getMessage());
    }

    @Test
    void a_null_output_or_tensor_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> AttentionResult.of(null, W));
        assertThrows(IllegalArgumentException.class, () -> AttentionResult.of(OUT, null));
    }

    @Test
    void extras_without_weights() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("output", OUT);
        m.put("summary", W);
        AttentionResult r = AttentionResult.of(m);
        assertTrue(r.weights().isEmpty());
        assertSame(W, r.get("summary"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("weights"));
        assertTrue(e.getMessage().contains("[output, summary]"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> r.asMap().put("x", W));
    }
}
