package dev.attention.benchmarks;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.kernel.FusedSoftmaxKernel;
import dev.attention.core.kernel.KeyVisibility;
import dev.attention.core.tensorio.Npy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The Java side of {@code bench/compare.sh}.
 *
 * <pre>
 * generate DIR NAME b n m d    writes NAME.q.npy, NAME.k.npy, NAME.v.npy (b = 0: unbatched [n, d])
 * run DIR NAME reps            times the engine's pipeline on them (global / scaled-dot / softmax,
 *                              float32, no weights); writes NAME.ours.npy and prints
 *                              "NAME median_seconds min_seconds path peak_heap_MiB"
 * </pre>
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        String name = args[2];
        switch (args[0]) {
            case "generate":
                generate(dir, name, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]));
                break;
            case "run":
                run(dir, name, Integer.parseInt(args[3]));
                break;
            default:
                throw new IllegalArgumentException("generate or run, not " + args[0]);
        }
    }

    private static void generate(Path dir, String name, int b, int n, int m, int d) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(name.hashCode());
        Npy.write(dir.resolve(name + ".q.npy"), Inputs.gaussian(rnd, shape(b, n, d)));
        Npy.write(dir.resolve(name + ".k.npy"), Inputs.gaussian(rnd, shape(b, m, d)));
        Npy.write(dir.resolve(name + ".v.npy"), Inputs.gaussian(rnd, shape(b, m, d)));
    }

    private static int[] shape(int b, int rows, int cols) {
        return b == 0 ? new int[] {rows, cols} : new int[] {b, rows, cols};
    }

    private static void run(Path dir, String name, int reps) throws IOException {
        Tensor q = Npy.read(dir.resolve(name + ".q.npy"));
        Tensor k = Npy.read(dir.resolve(name + ".k.npy"));
        Tensor v = Npy.read(dir.resolve(name + ".v.npy"));
        AttentionInputs in = AttentionInputs.of(Map.of("queries", q, "keys", k, "values", v));
        Pipeline p = Attention.engine().pipeline().dtype(DType.FLOAT32).weights(false).build();
        // Warm up: Vector API code is very slow until C2 compiles it (seconds on a busy machine), so
        // at least 50 calls and 5 s (at most 60 s); a single rep is timed cold, as a one-off run is.
        Tensor out = null;
        long warm = System.nanoTime();
        for (int c = 0; reps > 1; c++) {
            long spent = System.nanoTime() - warm;
            if (c >= 50 && spent > 5_000_000_000L || spent > 60_000_000_000L) {
                break;
            }
            out = p.run(in).output();
        }
        List<Double> seconds = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            out = p.run(in).output();
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        Npy.write(dir.resolve(name + ".ours.npy"), out);
        double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        String path = !p.toString().endsWith("(fused)") ? "not-fused"
                : new FusedSoftmaxKernel(0, 1, KeyVisibility.all()).isVectorised() ? "simd" : "scalar";
        System.out.printf(Locale.ROOT, "%s %.6f %.6f %s %d %s%n", name, median, s[0], path, peak >> 20,
                Arrays.toString(Arrays.stream(s).map(x -> Math.round(x * 1e5) / 1e5).toArray()));
    }
}
