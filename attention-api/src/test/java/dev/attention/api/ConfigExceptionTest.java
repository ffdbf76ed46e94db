package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The message reads {@code file:line:column: key: problem (hint)}, omitting what is unknown. */
class ConfigExceptionTest {

    @Test
    void full_position() {
        ConfigException e = new ConfigException("model.yaml", 12, 5, "pipeline.alignment.scale",
                "must be > 0, got -1", "allowed: (0, ∞)");
        assertEquals("model.yaml:12:5: pipeline.alignment.scale: must be > 0, got -1 (allowed: (0, ∞))",
                e.getMessage());
        assertEquals("model.yaml", e.file().orElseThrow());
        assertEquals(12, e.line());
        assertEquals(5, e.column());
        assertEquals("pipeline.alignment.scale", e.key().orElseThrow());
        assertEquals("allowed: (0, ∞)", e.hint().orElseThrow());
    }

    @Test
    void unknown_column_or_line_is_left_out() {
        assertEquals("a.yaml:3: k: bad (fix)", new ConfigException("a.yaml", 3, 0, "k", "bad", "fix").getMessage());
        assertEquals("a.yaml: k: bad (fix)", new ConfigException("a.yaml", 0, 0, "k", "bad", "fix").getMessage());
    }

    @Test
    void without_file_key_or_hint() {
        ConfigException e = new ConfigException("k", "bad", null);
        assertEquals("k: bad", e.getMessage());
        assertTrue(e.file().isEmpty());
        assertEquals(0, e.line());
        assertTrue(e.hint().isEmpty());
        assertEquals("bad", new ConfigException(null, "bad", "").getMessage());
    }

    @Test
    void is_an_attention_exception() {
        assertTrue(new ConfigException("k", "p", "h") instanceof AttentionException);
    }
}
