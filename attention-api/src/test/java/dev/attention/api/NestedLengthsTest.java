package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lengths per level of nesting for {@code [D, S, T, d]} inputs. */
class NestedLengthsTest {
    private static final Tensor DOCS = Tensor.zeros(DType.FLOAT64, 2, 3, 4, 1);

    @Test
    void levels_count_from_the_rows_outwards_and_survive_with() {
        AttentionInputs in = AttentionInputs.builder()
                .putNested("sequence", DOCS, List.of(new int[] {4, 2, 0, 1, 3, 0}, new int[] {2, 2})).build();
        assertEquals(2, in.nesting("sequence"));
        assertArrayEquals(new int[] {4, 2, 0, 1, 3, 0}, in.lengths("sequence").orElseThrow());
        assertArrayEquals(new int[] {4, 2, 0, 1, 3, 0}, in.lengths("sequence", 1).orElseThrow());
        assertArrayEquals(new int[] {2, 2}, in.lengths("sequence", 2).orElseThrow());
        assertTrue(in.lengths("sequence", 3).isEmpty());
        AttentionInputs again = in.with("sequence", Tensor.zeros(DType.FLOAT32, 2, 3, 4, 1));
        assertArrayEquals(new int[] {2, 2}, again.lengths("sequence", 2).orElseThrow());
        assertEquals(0, AttentionInputs.builder().put("x", DOCS).build().nesting("x"));
        assertEquals(1, AttentionInputs.builder().put("x", DOCS, new int[6]).build().nesting("x"));
    }

    @Test
    void wrong_counts_and_lengths_are_refused() {
        assertThrows(ShapeException.class, () -> AttentionInputs.builder()
                .putNested("s", DOCS, List.of(new int[6], new int[3])));
        assertThrows(ShapeException.class, () -> AttentionInputs.builder()
                .putNested("s", DOCS, List.of(new int[6], new int[] {4, 1})));
        assertThrows(ShapeException.class, () -> AttentionInputs.builder()
                .putNested("s", DOCS, List.of(new int[6], new int[2], new int[1], new int[1])));
        assertThrows(IllegalArgumentException.class, () -> AttentionInputs.builder().build().lengths("s", 0));
    }
}
