package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The mode and the caller's mask that travel with the inputs. */
class InputsModeAndMaskTest {
    private static final Tensor T = Tensor.zeros(DType.FLOAT64, 3, 2);

    @Test
    void inputs_default_to_eval_and_no_extra_mask() {
        AttentionInputs in = AttentionInputs.builder().put("keys", T).build();
        assertEquals(Mode.EVAL, in.mode());
        assertTrue(in.mask().allowsAll());
    }

    @Test
    void mode_and_mask_survive_with_and_to_builder() {
        Mask offDiagonal = (b, i, j) -> i != j;
        AttentionInputs in = AttentionInputs.builder().put("keys", T).mode(Mode.TRAIN).mask(offDiagonal).build();
        AttentionInputs converted = in.with("keys", T.to(DType.FLOAT32));
        assertEquals(Mode.TRAIN, converted.mode());
        assertSame(offDiagonal, converted.mask());
        assertFalse(converted.mask().allows(0, 1, 1));
        assertEquals(Mode.TRAIN, in.toBuilder().build().mode());
    }
}
