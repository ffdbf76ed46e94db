package dev.attention.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import java.util.Random;

/**
 * Prints a fingerprint of the engine kernel's float32 SIMD output and log-sum-exps on a fixed small problem with
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
        Tensor q = RandomInputs.random(rnd, DType.FLOAT32, 2, 37, 19);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT32, 2, 45, 19);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT32, 2, 45, 21);
        // window(30) of the old kernel: the query and the 29 keys before it.
        KernelSpec spec = KernelSpec.defaults().temperature(0.8).window(29, 0).queryLengths(new int[] {37, 30})
                .keyLengths(new int[] {45, 40});
        EngineKernel kernel = new EngineKernel(new KernelExecutor(1), true);
        KernelResult f = null;
        for (int c = 0; c < calls; c++) {
            f = kernel.attend(q, k, v, spec);
        }
        long h = 17;
        for (int t = 0; t < f.output().size(); t++) {
            h = h * 31 + Double.doubleToRawLongBits(f.output().at(t));
        }
        for (int row = 0; row < f.rows(); row++) {
            h = h * 31 + Double.doubleToRawLongBits(f.logSumExp(row));
        }
        return Long.toHexString(h);
    }
}
