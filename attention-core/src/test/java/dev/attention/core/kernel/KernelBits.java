package dev.attention.core.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Random;

/**
 * Prints a fingerprint of the SIMD path's output and log-sum-exps on a fixed small problem with
 * tails, padding and a window. {@link JitTierBitsTest} compares it between an interpreted JVM
 * ({@code -Xint}) and its own JIT-compiled run.
 */
public final class KernelBits {
    private KernelBits() {
    }

    public static void main(String[] args) {
        System.out.println(fingerprint(1));
    }

    static String fingerprint(int calls) {
        Random rnd = new Random(99);
        Tensor q = Reference.random(rnd, DType.FLOAT32, 2, 37, 19);
        Tensor k = Reference.random(rnd, DType.FLOAT32, 2, 45, 19);
        Tensor v = Reference.random(rnd, DType.FLOAT32, 2, 45, 21);
        FusedSoftmaxKernel kernel = new FusedSoftmaxKernel(0, 0.8, KeyVisibility.window(30), 8, 32).vectorised(true);
        FusedForward f = null;
        for (int c = 0; c < calls; c++) {
            f = kernel.forward(q, k, v, new int[] {37, 30}, new int[] {45, 40}, new KernelExecutor(1));
        }
        long h = 17;
        for (int t = 0; t < f.output().size(); t++) {
            h = h * 31 + Double.doubleToRawLongBits(f.output().at(t));
        }
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 37; i++) {
                h = h * 31 + Double.doubleToRawLongBits(f.logSumExp(b, i));
            }
        }
        return Long.toHexString(h);
    }
}
