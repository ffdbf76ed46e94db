package dev.attention.io.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> IDS = List.of("dot", "scaled-dot", "cosine");

    @Test
    void distance_counts_insertions_deletions_and_substitutions() {
        // kitten → sitting: k→s, e→i, +g = 3 (the textbook example)
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(1, Suggestions.distance("scaled-dott", "scaled-dot"));
        assertEquals(0, Suggestions.distance("", ""));
        assertEquals(3, Suggestions.distance("", "abc"));
    }

    @Test
    void a_typo_suggests_the_nearest_id() {
        assertEquals(Optional.of("scaled-dot"), Suggestions.nearest("scaled-dott", IDS));
        assertEquals(Optional.of("cosine"), Suggestions.nearest("cosin", IDS));
        assertEquals(Optional.of("dot"), Suggestions.nearest("DOT", IDS));
    }

    @Test
    void an_unrelated_word_suggests_nothing() {
        assertEquals(Optional.empty(), Suggestions.nearest("gaussian", IDS));
        assertEquals("", Suggestions.didYouMean("gaussian", IDS));
    }

    @Test
    void ties_go_to_the_alphabetically_first_candidate() {
        // "ab" is one edit from both "aa" and "ac"
        assertEquals(Optional.of("aa"), Suggestions.nearest("ab", List.of("ac", "aa")));
    }
}
