package dev.attention.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;

/** Random operands and lengths for the kernel tests. */
final class RandomInputs {
    private RandomInputs() {
    }

    /** Standard normal entries. */
    static Tensor random(Random rnd, DType dtype, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] x = new double[size];
        for (int t = 0; t < size; t++) {
            x[t] = rnd.nextGaussian();
        }
        return Tensor.of(dtype, shape, x);
    }

    /** Random lengths in {@code 0 … max}, biased towards full and empty to hit the edges. */
    static int[] lengths(Random rnd, int batch, int max) {
        int[] l = new int[batch];
        for (int b = 0; b < batch; b++) {
            int pick = rnd.nextInt(4);
            l[b] = pick == 0 ? max : pick == 1 ? rnd.nextInt(Math.min(2, max + 1)) : rnd.nextInt(max + 1);
        }
        return l;
    }
}
