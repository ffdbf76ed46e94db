package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RotaryTest {
    private static final double EPS = 1e-12;

    private static Tensor random(Random r, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = r.nextGaussian();
        }
        return Tensor.of(DType.FLOAT64, shape, v);
    }

    @Test
    void rotate_half_pairs_feature_p_with_p_plus_half_by_position_times_frequency() {
        // d = 4, one head, position 1 (offset 1, row 0): frequencies 1 and 10000^(-1/2) = 0.01.
        Tensor x = Tensor.of(DType.FLOAT64, new int[] {1, 4}, 1, 2, 3, 4);
        double[] y = new Rotary(4, 10000, Rotary.Layout.ROTATE_HALF).apply(x, 1, 1).toDoubleArray();
        double c1 = Math.cos(1);
        double s1 = Math.sin(1);
        double c2 = Math.cos(0.01);
        double s2 = Math.sin(0.01);
        assertArrayEquals(new double[] {1 * c1 - 3 * s1, 2 * c2 - 4 * s2, 3 * c1 + 1 * s1, 4 * c2 + 2 * s2}, y, EPS);
    }

    @Test
    void interleaved_pairs_neighbours_and_is_rotate_half_with_features_permuted() {
        Tensor x = Tensor.of(DType.FLOAT64, new int[] {1, 4}, 1, 2, 3, 4);
        double[] y = new Rotary(4, 10000, Rotary.Layout.INTERLEAVED).apply(x, 1, 1).toDoubleArray();
        assertArrayEquals(new double[] {1 * Math.cos(1) - 2 * Math.sin(1), 2 * Math.cos(1) + 1 * Math.sin(1),
            3 * Math.cos(0.01) - 4 * Math.sin(0.01), 4 * Math.cos(0.01) + 3 * Math.sin(0.01)}, y, EPS);

        // Interleaved (0 1)(2 3) is rotate-half (0 2)(1 3) after moving features 1 and 2.
        Random r = new Random(7);
        Tensor z = random(r, 3, 5, 8);
        int[] perm = {0, 4, 1, 5, 2, 6, 3, 7}; // interleaved position k holds rotate-half feature perm[k]
        Tensor half = new Rotary(8, 500, Rotary.Layout.ROTATE_HALF).apply(z, 1, 2);
        Tensor inter = new Rotary(8, 500, Rotary.Layout.INTERLEAVED).apply(permute(z, perm), 1, 2);
        assertArrayEquals(permute(half, perm).toDoubleArray(), inter.toDoubleArray(), EPS);
    }

    private static Tensor permute(Tensor t, int[] perm) {
        double[] v = t.toDoubleArray();
        double[] out = new double[v.length];
        int w = perm.length;
        for (int row = 0; row < v.length / w; row++) {
            for (int k = 0; k < w; k++) {
                out[row * w + k] = v[row * w + perm[k]];
            }
        }
        return Tensor.of(t.dtype(), t.shape(), out);
    }

    @Test
    void scores_of_rotated_queries_and_keys_depend_only_on_the_distance() {
        Random r = new Random(11);
        Rotary rope = new Rotary(16, 10000, Rotary.Layout.ROTATE_HALF);
        Tensor q = random(r, 1, 16);
        Tensor k = random(r, 1, 16);
        for (int shift : new int[] {1, 7, 300}) {
            double near = dot(rope.apply(q, 1, 5), rope.apply(k, 1, 2));
            double far = dot(rope.apply(q, 1, 5 + shift), rope.apply(k, 1, 2 + shift));
            assertEquals(near, far, 1e-9, "shift " + shift);
        }
        assertNotClose(dot(rope.apply(q, 1, 5), rope.apply(k, 1, 2)), dot(rope.apply(q, 1, 5), rope.apply(k, 1, 3)));
    }

    private static void assertNotClose(double a, double b) {
        if (Math.abs(a - b) < 1e-6) {
            throw new AssertionError("distance changed but the score did not: " + a);
        }
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.size(); k++) {
            s += a.at(k) * b.at(k);
        }
        return s;
    }

    @Test
    void backward_is_the_adjoint_and_undoes_the_rotation() {
        Random r = new Random(3);
        for (Rotary.Layout layout : Rotary.Layout.values()) {
            Rotary rope = new Rotary(6, 10000, layout);
            Tensor x = random(r, 2, 4, 16); // batch 2, 4 rows, 2 heads of 8, 6 of them rotated
            Tensor dy = random(r, 2, 4, 16);
            // <R x, dy> = <x, Rᵀ dy> for every x, dy: the backward pass of a linear map is its transpose.
            assertEquals(dot(rope.apply(x, 2, 3), dy), dot(x, rope.applyBackward(dy, 2, 3)), 1e-10, layout.name());
            assertArrayEquals(x.toDoubleArray(), rope.applyBackward(rope.apply(x, 2, 3), 2, 3).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void features_past_dims_pass_and_every_head_and_batch_row_rotates_alike() {
        Random r = new Random(5);
        Rotary rope = new Rotary(4, 10000, Rotary.Layout.ROTATE_HALF);
        Tensor one = random(r, 1, 3, 6);
        double[] twoHeads = new double[2 * 3 * 12];
        double[] o = one.toDoubleArray();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                for (int h = 0; h < 2; h++) {
                    System.arraycopy(o, i * 6, twoHeads, (b * 3 + i) * 12 + h * 6, 6);
                }
            }
        }
        double[] single = rope.apply(one, 1, 0).toDoubleArray();
        double[] both = rope.apply(Tensor.of(DType.FLOAT64, new int[] {2, 3, 12}, twoHeads), 2, 0).toDoubleArray();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                for (int h = 0; h < 2; h++) {
                    for (int c = 0; c < 6; c++) {
                        assertEquals(single[i * 6 + c], both[(b * 3 + i) * 12 + h * 6 + c], 0, "b" + b + " i" + i + " h" + h);
                    }
                }
                for (int c = 4; c < 6; c++) {
                    assertEquals(o[i * 6 + c], single[i * 6 + c], 0, "feature " + c + " is past dims");
                }
            }
        }
        // Position 0 is the identity.
        assertArrayEquals(java.util.Arrays.copyOf(o, 6), java.util.Arrays.copyOf(single, 6), 0);
    }

    @Test
    void an_offset_continues_the_positions() {
        Random r = new Random(9);
        Rotary rope = new Rotary(8, 10000, Rotary.Layout.INTERLEAVED);
        Tensor x = random(r, 6, 8);
        double[] whole = rope.apply(x, 1, 0).toDoubleArray();
        double[] tail = rope.apply(Tensor.of(DType.FLOAT64, new int[] {2, 8},
                java.util.Arrays.copyOfRange(x.toDoubleArray(), 32, 48)), 1, 4).toDoubleArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 32, 48), tail, 0);
    }

    @Test
    void float32_stays_float32_and_bad_settings_are_refused() {
        Tensor x = Tensor.of(DType.FLOAT32, new int[] {1, 4}, 1, 2, 3, 4);
        assertEquals(DType.FLOAT32, new Rotary(4, 10000, Rotary.Layout.ROTATE_HALF).apply(x, 1, 3).dtype());
        assertThrows(IllegalArgumentException.class, () -> new Rotary(3, 10000, Rotary.Layout.ROTATE_HALF));
        assertThrows(IllegalArgumentException.class, () -> new Rotary(4, 1, Rotary.Layout.ROTATE_HALF));
        assertThrows(IllegalArgumentException.class, () -> new Rotary(8, 10000, Rotary.Layout.ROTATE_HALF).apply(x, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Rotary(2, 10000, Rotary.Layout.ROTATE_HALF).apply(x, 3, 0));
    }
}
