package dev.attention.core;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: times the fused path against the plugins' general path on the same inputs, in the
 * same JVM, and prints the ratio. {@code java -cp <test class path> dev.attention.core.KernelBenchmark
 * [n] [d] [reps]} (defaults 2048, 64, 5). Weights off on both sides: the output is the comparison.
 */
public final class KernelBenchmark {
    private KernelBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Random rnd = new Random(1);
        AttentionInputs in = AttentionInputs.of(Map.of("queries", random(rnd, n, d), "keys", random(rnd, n, d),
                "values", random(rnd, n, d)));
        int cores = Runtime.getRuntime().availableProcessors();
        Pipeline general = Attention.engine().pipeline().dtype(DType.FLOAT32).fastPaths(false).build();
        Pipeline fused1 = Attention.engine(EngineOptions.defaults().withThreads(1)).pipeline().dtype(DType.FLOAT32)
                .weights(false).build();
        Pipeline fusedN = Attention.engine().pipeline().dtype(DType.FLOAT32).weights(false).build();
        double g = best(general, in, reps);
        double f1 = best(fused1, in, reps);
        double fn = best(fusedN, in, reps);
        System.out.printf("n = m = %d, d = d_v = %d, float32, best of %d runs after warm-up (the host may be shared)%n", n, d, reps);
        System.out.printf("general (plugins, 1 thread): %8.1f ms%n", g);
        System.out.printf("fused, 1 thread:             %8.1f ms  (%.2f× faster)%n", f1, g / f1);
        System.out.printf("fused, %d threads:            %8.1f ms  (%.2f× faster)%n", cores, fn, g / fn);
    }

    private static double best(Pipeline p, AttentionInputs in, int reps) { // best, not median: less sensitive to other load
        p.run(in);
        p.run(in);
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            p.run(in);
            t[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[0];
    }

    private static Tensor random(Random rnd, int rows, int cols) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT32, rows, cols);
        for (int k = 0; k < rows * cols; k++) {
            b.set(k, rnd.nextGaussian());
        }
        return b.build();
    }
}
