package dev.attention.core;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.Diagonal;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.kernel.EngineKernel;
import dev.attention.kernel.KernelExecutor;
import java.util.Arrays;
import java.util.Random;

/**
 * Child JVM of {@link LargeBackwardRunTest}: the backward pass of causal attention at batch 1,
 * E = 512, 8 heads, n = 8192, float32. The forward result is a stand-in (random output, equal
 * log-sum-exps): the backward pass reads only those, so memory and work are a real step's.
 * Prints {@code OK <seconds> <heap MiB>} or the error.
 */
public final class LargeBackwardRun {
    private LargeBackwardRun() {
    }

    public static void main(String[] args) {
        int n = 8192;
        int width = 512;
        int heads = 8;
        Random rnd = new Random(1);
        Tensor q = random(rnd, n, width);
        Tensor k = random(rnd, n, width);
        Tensor v = random(rnd, n, width);
        Tensor dOut = random(rnd, n, width);
        double[] lse = new double[heads * n];
        Arrays.fill(lse, 8.0);
        KernelResult forward = new KernelResult(random(rnd, n, width), null, lse);
        KernelSpec spec = KernelSpec.defaults().heads(heads, heads, HeadLayout.HEADS_IN_COLUMNS)
                .causal(Diagonal.TOP_LEFT);
        long t0 = System.nanoTime();
        KernelGradients g = new EngineKernel(new KernelExecutor(2)).backward(q, k, v, spec, forward, dOut, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!g.queries().isFinite() || !g.keys().isFinite() || !g.values().isFinite()) {
            System.out.println("NaN or infinity in the gradients");
            System.exit(1);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("OK %.1f s, heap %d MiB%n", seconds, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    private static Tensor random(Random rnd, int rows, int cols) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT32, rows, cols);
        for (int t = 0; t < rows * cols; t++) {
            b.set(t, rnd.nextGaussian());
        }
        return b.build();
    }
}
