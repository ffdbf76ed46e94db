package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnknownNameTest {
    private static final List<String> IDS = List.of("dot", "scaled-dot", "cosine");

    @Test
    void distance_counts_insertions_deletions_and_substitutions() {
        // kitten → sitting: k→s, e→i, +g = 3 (the textbook example)
        assertEquals(3, UnknownName.distance("kitten", "sitting"));
        assertEquals(1, UnknownName.distance("scaled-dott", "scaled-dot"));
        assertEquals(0, UnknownName.distance("", ""));
        assertEquals(3, UnknownName.distance("", "abc"));
    }

    @Test
    void a_typo_suggests_the_nearest_id() {
        assertEquals(Optional.of("scaled-dot"), UnknownName.nearest("scaled-dott", IDS));
        assertEquals(Optional.of("cosine"), UnknownName.nearest("cosin", IDS));
        assertEquals(Optional.of("dot"), UnknownName.nearest("DOT", IDS));
    }

    @Test
    void an_unrelated_word_suggests_nothing() {
        assertEquals(Optional.empty(), UnknownName.nearest("gaussian", IDS));
        assertEquals("", UnknownName.didYouMean("gaussian", IDS));
    }

    @Test
    void ties_go_to_the_alphabetically_first_candidate() {
        // "ab" is one edit from both "aa" and "ac"
        assertEquals(Optional.of("aa"), UnknownName.nearest("ab", List.of("ac", "aa")));
    }

    @Test
    void the_message_names_what_was_asked_the_nearest_and_every_known_name_sorted() {
        assertEquals("unknown alignment 'scaled-dott'; did you mean 'scaled-dot'? known: cosine, dot, scaled-dot",
                UnknownName.message("alignment", "scaled-dott", IDS));
        assertEquals("unknown loss 'hinge'; known: cross-entropy, mse",
                UnknownName.message("loss", "hinge", List.of("mse", "cross-entropy")));
        assertEquals("known: none", UnknownName.hint("x", List.of()));
    }
}
