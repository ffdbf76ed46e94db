package dev.attention.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginIdTest {
    @Test
    void lowercase_words_joined_by_single_hyphens_are_ids() {
        for (String id : new String[] {"dot", "scaled-dot", "entmax15", "local-m", "a1-b2-c3"}) {
            assertTrue(PluginId.isValid(id), id);
            assertEquals(Optional.empty(), PluginId.problem(id), id);
        }
    }

    @Test
    void capitals_underscores_double_or_edge_hyphens_and_leading_digits_are_not() {
        for (String id : new String[] {"Dot", "scaled_dot", "scaled--dot", "-dot", "dot-", "1dot", "dot.x", " dot"}) {
            assertFalse(PluginId.isValid(id), id);
            assertEquals("has id '" + id + "'; ids are lowercase letters and digits joined by single hyphens,"
                    + " like 'scaled-dot'", PluginId.problem(id).orElseThrow());
        }
        assertTrue(PluginId.problem("  ").orElseThrow().startsWith("has a blank id"));
        assertTrue(PluginId.problem(null).orElseThrow().startsWith("has a blank id"));
    }
}
