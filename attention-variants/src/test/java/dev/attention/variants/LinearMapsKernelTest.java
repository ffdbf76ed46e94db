package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.tck.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * The kernel overloads of {@link LinearMaps} and {@link AffineMap} (maps and gradients as matrix
 * products through an {@link AttentionKernel}) compute what the row loops compute, for batched
 * and unbatched inputs in both dtypes, within {@code tol · max|loops|} (1e-5 float32, 1e-12 float64).
 */
class LinearMapsKernelTest {
    private final PathComponents.Counting kernel = new PathComponents.Counting();

    @Test
    void maps_and_gradients_agree_with_the_loops() {
        int[][] shapes = {{5, 3}, {2, 4, 3}, {2, 3, 4, 3}, {1, 0, 3}};
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            for (int[] shape : shapes) {
                Tensor x = GradientCheck.random(shape, 1, -1, 1).to(dtype);
                Tensor w = GradientCheck.random(new int[] {4, 3}, 2, -1, 1).to(dtype);
                Tensor bias = GradientCheck.random(new int[] {1, 4}, 3, -1, 1).to(dtype);
                int[] outShape = shape.clone();
                outShape[outShape.length - 1] = 4;
                Tensor dy = GradientCheck.random(outShape, 4, -1, 1).to(dtype);
                AffineMap map = new AffineMap(w, bias);
                close(map.apply("x", x), map.apply(kernel, "x", x), tol);
                close(LinearMaps.apply("x", x, w, null), LinearMaps.apply(kernel, "x", x, w, null), tol);
                AffineMap.Gradients loops = map.backward(x, dy);
                AffineMap.Gradients products = map.backward(kernel, x, dy);
                close(loops.input(), products.input(), tol);
                close(loops.weight(), products.weight(), tol);
                close(loops.bias(), products.bias(), tol);
                assertNull(new AffineMap(w, null).backward(kernel, x, dy).bias());
            }
        }
        assertTrue(kernel.matmuls.get() > 0, "the products went through the kernel");
    }

    @Test
    void a_wrong_width_is_named_as_before() {
        Tensor x = GradientCheck.random(new int[] {2, 5}, 1, -1, 1);
        Tensor w = GradientCheck.random(new int[] {4, 3}, 2, -1, 1);
        ShapeException e = assertThrows(ShapeException.class, () -> LinearMaps.apply(kernel, "keys", x, w, null));
        assertTrue(e.getMessage().startsWith("keys has width 5"), e.getMessage());
    }

    private static void close(Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(expected.dtype(), actual.dtype());
        double max = 0;
        double diff = 0;
        for (int k = 0; k < expected.size(); k++) {
            max = Math.max(max, Math.abs(expected.at(k)));
            diff = Math.max(diff, Math.abs(expected.at(k) - actual.at(k)));
        }
        assertTrue(diff <= tol * max, "max difference " + diff + " > " + tol + " · " + max);
    }
}
