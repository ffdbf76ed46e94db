package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Named input tensors and their padding lengths. */
class AttentionInputsTest {
    private static final Tensor KEYS = Tensor.zeros(DType.FLOAT64, 2, 4, 3);
    private static final Tensor Q = Tensor.zeros(DType.FLOAT64, 2, 1, 3);

    @Test
    void names_keep_insertion_order() {
        AttentionInputs in = AttentionInputs.builder().put("queries", Q).put("keys", KEYS).build();
        assertEquals(List.of("queries", "keys"), List.copyOf(in.names()));
        assertTrue(in.has("keys"));
        assertSame(KEYS, in.tensor("keys"));
    }

    @Test
    void a_missing_tensor_is_named_with_the_given_ones() {
        AttentionInputs in = AttentionInputs.of(Map.of("queries", Q));
        AttentionException e = assertThrows(AttentionException.class, () -> in.tensor("values"));
        assertTrue(e.getMessage().contains("'values'") && e.getMessage().contains("queries"), e.getMessage());
    }

    @Test
    void lengths_are_optional_and_copied() {
        AttentionInputs in = AttentionInputs.builder().put("keys", KEYS, 4, 2).put("queries", Q).build();
        assertArrayEquals(new int[] {4, 2}, in.lengths("keys").orElseThrow());
        in.lengths("keys").orElseThrow()[0] = 0;
        assertArrayEquals(new int[] {4, 2}, in.lengths("keys").orElseThrow());
        assertTrue(in.lengths("queries").isEmpty());
    }

    @Test
    void one_length_per_batch_element_within_0_and_rows() {
        ShapeException count = assertThrows(ShapeException.class,
                () -> AttentionInputs.builder().put("keys", KEYS, 4));
        assertTrue(count.getMessage().contains("'keys'") && count.getMessage().contains("batch size 2"),
                count.getMessage());
        ShapeException tooLong = assertThrows(ShapeException.class,
                () -> AttentionInputs.builder().put("keys", KEYS, 4, 5));
        assertTrue(tooLong.getMessage().contains("0..4"), tooLong.getMessage());
        assertThrows(ShapeException.class, () -> AttentionInputs.builder().put("keys", KEYS, -1, 2));
        AttentionInputs.builder().put("keys", KEYS, 0, 4).build();
    }

    @Test
    void with_rebinds_a_tensor_and_keeps_lengths() {
        AttentionInputs in = AttentionInputs.builder().put("keys", KEYS, 3, 1).build();
        Tensor other = Tensor.zeros(DType.FLOAT32, 2, 4, 3);
        AttentionInputs w = in.with("keys", other);
        assertSame(other, w.tensor("keys"));
        assertSame(KEYS, in.tensor("keys"), "the original is unchanged");
        assertArrayEquals(new int[] {3, 1}, w.lengths("keys").orElseThrow());
    }

    @Test
    void blank_names_and_null_tensors_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> AttentionInputs.builder().put(" ", Q));
        assertThrows(NullPointerException.class, () -> AttentionInputs.builder().put("q", null));
    }
}
