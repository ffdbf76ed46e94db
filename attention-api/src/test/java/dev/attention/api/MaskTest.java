package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Padding masks and their combination. */
class MaskTest {

    @Test
    void all_allows_everything_and_says_so() {
        assertTrue(Mask.all().allowsAll());
        assertTrue(Mask.all().allows(7, 100, 1000));
    }

    @Test
    void key_lengths_cut_keys_per_batch_element() {
        Mask m = Mask.keyLengths(2, 0);
        assertTrue(m.allows(0, 5, 1));
        assertFalse(m.allows(0, 5, 2));
        assertFalse(m.allows(1, 0, 0), "length 0 masks every key");
        assertFalse(m.allowsAll());
    }

    @Test
    void query_lengths_cut_query_rows_per_batch_element() {
        Mask m = Mask.queryLengths(1, 3);
        assertTrue(m.allows(0, 0, 9));
        assertFalse(m.allows(0, 1, 0));
        assertTrue(m.allows(1, 2, 0));
        assertFalse(m.allows(1, 3, 0));
    }

    @Test
    void lengths_are_copied() {
        int[] lengths = {2};
        Mask m = Mask.keyLengths(lengths);
        lengths[0] = 0;
        assertTrue(m.allows(0, 0, 1));
    }

    @Test
    void and_needs_both() {
        Mask m = Mask.keyLengths(2).and(Mask.queryLengths(1));
        assertTrue(m.allows(0, 0, 1));
        assertFalse(m.allows(0, 0, 2), "key padding");
        assertFalse(m.allows(0, 1, 0), "query padding");
        Mask custom = (b, i, j) -> i >= j;
        assertFalse(custom.and(Mask.keyLengths(3)).allows(0, 0, 1));
        assertTrue(custom.and(Mask.keyLengths(3)).allows(0, 2, 1));
    }

    @Test
    void and_with_all_returns_the_other_mask() {
        Mask k = Mask.keyLengths(2);
        assertSame(k, k.and(Mask.all()));
        assertSame(k, Mask.all().and(k));
    }
}
