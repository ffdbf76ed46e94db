package dev.attention.benchmarks;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;

/** Standard-normal float32 tensors from a seed: the same data for every benchmark and for compare.sh. */
final class Inputs {
    private Inputs() {
    }

    static Tensor gaussian(Random rnd, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] x = new double[size];
        for (int t = 0; t < size; t++) {
            x[t] = rnd.nextGaussian();
        }
        return Tensor.of(DType.FLOAT32, shape, x);
    }
}
