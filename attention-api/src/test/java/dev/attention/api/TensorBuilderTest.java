package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Tensor.Builder}: fills storage once and hands it over, so built tensors stay immutable. */
class TensorBuilderTest {

    @Test
    void set_add_and_batch_indexing() {
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, 2, 2, 2);
        b.set(1, 0, 1, 5).add(5, 2.5);
        // (1, 0, 1) is flat (1·2 + 0)·2 + 1 = 5.
        assertEquals(7.5, b.get(5));
        Tensor t = b.build();
        assertEquals(7.5, t.get(1, 0, 1));
        assertArrayEquals(new int[] {2, 2, 2}, t.shape());
    }

    @Test
    void float32_builder_rounds() {
        Tensor.Builder b = Tensor.builder(DType.FLOAT32, 1, 1);
        b.set(0, 1.0 / 3);
        assertEquals((double) (float) (1.0 / 3), b.get(0));
    }

    @Test
    void a_built_builder_refuses_further_use() {
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, 1, 2);
        Tensor t = b.build();
        assertThrows(IllegalStateException.class, () -> b.set(0, 1));
        assertThrows(IllegalStateException.class, () -> b.get(0));
        assertThrows(IllegalStateException.class, b::build);
        assertEquals(0, t.at(0), "the tensor kept its value");
    }

    @Test
    void null_dtype_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.builder(null, 1, 1));
    }
}
