package dev.attention.benchmarks;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.kernel.EngineKernel;
import dev.attention.kernel.KernelExecutor;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one call costs when there is little to compute: the kernel alone and the whole engine
 * pipeline (input conversion, checks, finite test) on small float32 shapes, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CallOverheadBenchmark {
    @Param({"1", "8", "64"})
    public int n;

    @Param({"16"})
    public int d;

    @Param({"simd", "scalar"})
    public String path;

    private Tensor q;
    private Tensor k;
    private Tensor v;
    private AttentionInputs inputs;
    private EngineKernel kernel;
    private KernelExecutor executor;
    private Pipeline pipeline;

    @Setup
    public void setUp() {
        // First, before any kernel class initialises: the engine's kernels take the JVM's default path.
        System.setProperty("attention.kernel.simd", String.valueOf(path.equals("simd")));
        Random rnd = new Random(42);
        q = Inputs.gaussian(rnd, n, d);
        k = Inputs.gaussian(rnd, n, d);
        v = Inputs.gaussian(rnd, n, d);
        inputs = AttentionInputs.of(Map.of("queries", q, "keys", k, "values", v));
        executor = new KernelExecutor(1);
        kernel = new EngineKernel(executor, path.equals("simd"));
        pipeline = Attention.engine().pipeline().dtype(DType.FLOAT32).weights(false).build();
    }

    @Benchmark
    public Tensor kernel() {
        return kernel.attend(q, k, v, KernelSpec.defaults()).output();
    }

    @Benchmark
    public Tensor pipeline() {
        return pipeline.run(inputs).output();
    }
}
