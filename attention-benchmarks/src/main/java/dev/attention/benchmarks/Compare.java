package dev.attention.benchmarks;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.PipelineBuilder;
import dev.attention.kernel.EngineKernel;
import dev.attention.kernel.KernelExecutor;
import dev.attention.kernel.KernelUse;
import dev.attention.io.tensor.Npy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The Java side of {@code bench/compare.sh}: every case is run through the public API as a user
 * would, pipelines built by the engine ({@code Attention.engine().pipeline()}), the GQA case
 * through {@link EngineKernel#attend}.
 *
 * <pre>
 * generate DIR NAME KIND DTYPE b n m d hq hkv
 *     writes the case's inputs as DIR/NAME.&lt;tensor&gt;.npy and its settings as DIR/NAME.case
 *     (one line "KIND DTYPE b n m d hq hkv", read by both sides). Kinds:
 *       global     q [b, n, d], k, v [b, m, d]            global / scaled-dot / softmax
 *       causal     x [b, n, d]                            self, causal: true
 *       cross      q [b, n, d], k, v [b, m, d], lengths   cross, keys and values padded past lengths[e]
 *       gqa        q [b, hq, n, d], k, v [b, hkv, m, d]   EngineKernel.attend, heads(hq, hkv, HEADS_FIRST)
 *       mha        x [b, n, d], W_q…W_o [d, d], b_q…b_o [1, d]   multi-head, inputs: self, heads: hq
 *       mha-train  the same plus g [b, n, d]: run, then backward of loss = sum(output · g)
 *     b = 0 means unbatched ([n, d]). Values are N(0, 1), the W's N(0, 1/d), the biases N(0, 0.01).
 * run DIR NAME REPS
 *     times the case; writes its results as DIR/NAME.ours.&lt;tensor&gt;.npy and prints
 *     "NAME median_s min_s path peak_heap_MiB [sorted seconds]"
 * memory n E heads
 *     one causal multi-head training step (float32, batch 1, no weights) on fresh random inputs;
 *     prints whether it completed, its time and the peak heap. Meant for a -Xmx1g JVM.
 * kernel
 *     prints the engine kernel's description (SIMD or scalar, threads)
 * </pre>
 */
public final class Compare {
    /** Names of the multi-head parameters, as the variant qualifies them. */
    private static final List<String> MHA_PARAMETERS =
            List.of("W_q", "W_k", "W_v", "W_o", "b_q", "b_k", "b_v", "b_o");

    private Compare() {
    }

    /** A case's settings, as written to {@code NAME.case}. */
    record Case(String kind, DType dtype, int b, int n, int m, int d, int hq, int hkv) {
        static Case parse(String line) {
            String[] f = line.trim().split("\\s+");
            return new Case(f[0], DType.fromId(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]));
        }

        String line() {
            return String.join(" ", kind, dtype.id(), "" + b, "" + n, "" + m, "" + d, "" + hq, "" + hkv);
        }

        /** {@code [b, rows, cols]}, or {@code [rows, cols]} unbatched. */
        int[] shape(int rows, int cols) {
            return b == 0 ? new int[] {rows, cols} : new int[] {b, rows, cols};
        }
    }

    /** One timed call: the results it checks against numpy, by name. */
    @FunctionalInterface
    private interface Call {
        Map<String, Tensor> run();
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "generate":
                generate(Path.of(args[1]), args[2], Case.parse(String.join(" ", Arrays.copyOfRange(args, 3, 11))));
                break;
            case "run":
                run(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
                break;
            case "memory":
                System.exit(memory(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])));
                break;
            case "kernel":
                System.out.println(new EngineKernel(KernelExecutor.defaultThreads()).description());
                break;
            default:
                throw new IllegalArgumentException("generate, run, memory or kernel, not " + args[0]);
        }
    }

    private static void generate(Path dir, String name, Case c) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(name.hashCode());
        DType t = c.dtype();
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (c.kind()) {
            case "global":
                out.put("q", Inputs.gaussian(rnd, t, 1, c.shape(c.n(), c.d())));
                out.put("k", Inputs.gaussian(rnd, t, 1, c.shape(c.m(), c.d())));
                out.put("v", Inputs.gaussian(rnd, t, 1, c.shape(c.m(), c.d())));
                break;
            case "causal":
                out.put("x", Inputs.gaussian(rnd, t, 1, c.shape(c.n(), c.d())));
                break;
            case "cross": {
                int[] lengths = new int[c.b()];
                double[] asDoubles = new double[c.b()];
                for (int e = 0; e < lengths.length; e++) {
                    lengths[e] = 1 + rnd.nextInt(c.m());
                    asDoubles[e] = lengths[e];
                }
                out.put("q", Inputs.gaussian(rnd, t, 1, c.b(), c.n(), c.d()));
                out.put("k", Inputs.padded(rnd, t, lengths, c.m(), c.d()));
                out.put("v", Inputs.padded(rnd, t, lengths, c.m(), c.d()));
                out.put("lengths", Tensor.of(DType.FLOAT64, new int[] {c.b(), 1}, asDoubles));
                break;
            }
            case "gqa":
                out.put("q", Inputs.gaussian(rnd, t, 1, c.b(), c.hq(), c.n(), c.d()));
                out.put("k", Inputs.gaussian(rnd, t, 1, c.b(), c.hkv(), c.m(), c.d()));
                out.put("v", Inputs.gaussian(rnd, t, 1, c.b(), c.hkv(), c.m(), c.d()));
                break;
            case "mha":
            case "mha-train":
                out.put("x", Inputs.gaussian(rnd, t, 1, c.shape(c.n(), c.d())));
                for (String w : MHA_PARAMETERS) {
                    out.put(w, w.startsWith("W")
                            ? Inputs.gaussian(rnd, t, 1 / Math.sqrt(c.d()), c.d(), c.d())
                            : Inputs.gaussian(rnd, t, 0.1, 1, c.d()));
                }
                out.put("g", Inputs.gaussian(rnd, t, 1, c.shape(c.n(), c.d())));
                break;
            default:
                throw new IllegalArgumentException("unknown case kind " + c.kind());
        }
        for (Map.Entry<String, Tensor> e : out.entrySet()) {
            Npy.write(dir.resolve(name + "." + e.getKey() + ".npy"), e.getValue());
        }
        Files.writeString(dir.resolve(name + ".case"), c.line() + "\n", StandardCharsets.UTF_8);
    }

    private static Tensor read(Path dir, String name, String tensor) {
        return Npy.read(dir.resolve(name + "." + tensor + ".npy"));
    }

    /** One engine for every pipeline, so its kernel's {@link KernelUse} counts their calls. */
    private static final AttentionEngine ENGINE = Attention.engine();

    private static PipelineBuilder pipeline(Case c) {
        return ENGINE.pipeline().name(c.kind()).dtype(c.dtype()).weights(false);
    }

    /** {@code blockwise+} when the engine runs the pipeline in row blocks (each block calls the variant). */
    private static String path(Pipeline p) {
        return p.toString().endsWith("(blockwise)") ? "blockwise+" : "";
    }

    /**
     * What one call ran on, from the kernel's call counts: {@code kernel} when it attended through
     * the engine kernel, {@code general} when the plugins computed without it.
     */
    private static String kernelPath(Supplier<KernelUse> use, Call call) {
        KernelUse before = use.get();
        call.run();
        return use.get().since(before).attends() > 0 ? "kernel" : "general";
    }

    private static void run(Path dir, String name, int reps) throws IOException {
        Case c = Case.parse(Files.readString(dir.resolve(name + ".case"), StandardCharsets.UTF_8));
        Call call;
        String path;
        EngineKernel kernel = null;
        switch (c.kind()) {
            case "global": {
                Pipeline p = pipeline(c).build();
                AttentionInputs in = AttentionInputs.builder().weights(false).put("queries", read(dir, name, "q"))
                        .put("keys", read(dir, name, "k")).put("values", read(dir, name, "v")).build();
                call = () -> Map.of("output", p.run(in).output());
                path = path(p);
                break;
            }
            case "causal": {
                Pipeline p = pipeline(c).variant("self", Map.of("causal", true)).build();
                AttentionInputs in = AttentionInputs.builder().weights(false).put("sequence", read(dir, name, "x"))
                        .build();
                call = () -> Map.of("output", p.run(in).output());
                path = path(p);
                break;
            }
            case "cross": {
                Pipeline p = pipeline(c).variant("cross").build();
                double[] l = read(dir, name, "lengths").toDoubleArray();
                int[] lengths = Arrays.stream(l).mapToInt(x -> (int) x).toArray();
                AttentionInputs in = AttentionInputs.builder().weights(false).put("queries", read(dir, name, "q"))
                        .put("keys", read(dir, name, "k"), lengths).put("values", read(dir, name, "v"), lengths)
                        .build();
                call = () -> Map.of("output", p.run(in).output());
                path = path(p);
                break;
            }
            case "gqa": {
                EngineKernel gqa = new EngineKernel(KernelExecutor.defaultThreads());
                kernel = gqa;
                KernelSpec spec = KernelSpec.defaults().heads(c.hq(), c.hkv(), HeadLayout.HEADS_FIRST);
                Tensor q = read(dir, name, "q");
                Tensor k = read(dir, name, "k");
                Tensor v = read(dir, name, "v");
                call = () -> Map.of("output", gqa.attend(q, k, v, spec).output());
                path = "";
                break;
            }
            case "mha":
            case "mha-train": {
                Pipeline p = multiHead(c, false, dir, name);
                boolean train = c.kind().equals("mha-train");
                // Training passes run in TRAIN mode, as fit runs them (dropout is 0 here, so same values).
                AttentionInputs in = AttentionInputs.builder().weights(false).mode(train ? Mode.TRAIN : Mode.EVAL)
                        .put("sequence", read(dir, name, "x")).build();
                Tensor g = read(dir, name, "g");
                call = train ? () -> trainingStep(p, in, g) : () -> Map.of("output", p.run(in).output());
                path = path(p);
                break;
            }
            default:
                throw new IllegalArgumentException("unknown case kind " + c.kind());
        }
        // Warm up: Vector API code is very slow until C2 compiles it (seconds on a busy machine), so
        // at least 50 calls and 5 s; a call that takes seconds compiles itself, so then 1 call and 10 s
        // suffice (at most 60 s). A single rep is timed cold, as a one-off run is.
        Map<String, Tensor> out = null;
        long warm = System.nanoTime();
        for (int n = 0; reps > 1; n++) {
            long spent = System.nanoTime() - warm;
            if (n >= 50 && spent > 5_000_000_000L || n >= 1 && spent > 10_000_000_000L
                    || spent > 60_000_000_000L) {
                break;
            }
            out = call.run();
        }
        EngineKernel counted = kernel;
        path += kernelPath(counted != null ? counted::use : ENGINE::kernelUse, call);
        List<Double> seconds = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            out = call.run();
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        for (Map.Entry<String, Tensor> e : out.entrySet()) {
            Npy.write(dir.resolve(name + ".ours." + e.getKey() + ".npy"), e.getValue());
        }
        double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "%s %.6f %.6f %s %d %s%n", name, median, s[0], path, peakHeap() >> 20,
                Arrays.toString(Arrays.stream(s).map(x -> Math.round(x * 1e5) / 1e5).toArray()));
    }

    /**
     * {@code multi-head} with {@code inputs: self}, {@code hq} heads over width {@code d}, its
     * parameters read from {@code DIR/NAME.<W_q…b_o>.npy} when {@code dir} is given (else its own
     * Xavier initialisation).
     */
    private static Pipeline multiHead(Case c, boolean causal, Path dir, String name) {
        Pipeline p = pipeline(c).variant("multi-head", Map.of("inputs", "self", "heads", c.hq(), "causal", causal))
                .width("sequence", c.d()).build();
        if (dir == null) {
            return p;
        }
        Map<String, Tensor> given = new LinkedHashMap<>();
        for (String qualified : p.parameters().names()) {
            String local = qualified.substring(qualified.lastIndexOf('.') + 1);
            if (!MHA_PARAMETERS.contains(local)) {
                throw new IllegalStateException("multi-head has a parameter the benchmark does not set: " + qualified);
            }
            given.put(qualified, read(dir, name, local));
        }
        return p.withParameters(Parameters.of(given));
    }

    /**
     * One training step without the optimiser, as fit takes it: forward, then the pipeline's
     * backward with {@code dL/d output = g} (the gradient of {@code L = sum(output · g)}).
     */
    private static Map<String, Tensor> trainingStep(Pipeline p, AttentionInputs in, Tensor g) {
        AttentionResult result = p.run(in);
        VariantGradients grads = p.backward(in, result, Map.of(AttentionResult.OUTPUT, g));
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("output", result.output());
        out.put("dx", grads.inputs().get("sequence"));
        grads.parameters().asMap().forEach((qualified, t) ->
                out.put("d" + qualified.substring(qualified.lastIndexOf('.') + 1), t));
        return out;
    }

    /** Exit status 0 when the step completed, 1 when it ran out of memory. */
    private static int memory(int n, int e, int heads) {
        Case c = new Case("mha-train", DType.FLOAT32, 1, n, n, e, heads, heads);
        Random rnd = new Random(n);
        Tensor x = Inputs.gaussian(rnd, DType.FLOAT32, 1, 1, n, e);
        Tensor g = Inputs.gaussian(rnd, DType.FLOAT32, 1, 1, n, e);
        long t0 = System.nanoTime();
        String head = String.format(Locale.ROOT, "causal multi-head training step, float32, batch 1, E = %d, %d heads,"
                + " n = %d, max heap %d MiB:", e, heads, n, Runtime.getRuntime().maxMemory() >> 20);
        try {
            Pipeline p = multiHead(c, true, null, null);
            AttentionInputs in = AttentionInputs.builder().weights(false).mode(Mode.TRAIN).put("sequence", x).build();
            Map<String, Tensor> out = trainingStep(p, in, g);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s completed in %.2f s (one cold call), peak heap %d MiB, %s%n", head, s,
                    peakHeap() >> 20, out.get("output").isFinite() && out.get("dx").isFinite() ? "finite" : "NOT FINITE");
            return 0;
        } catch (OutOfMemoryError oom) {
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s did NOT complete: OutOfMemoryError after %.2f s%n", head, s);
            return 1;
        }
    }

    /** Sum of the heap pools' peaks, bytes. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
