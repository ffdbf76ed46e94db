package dev.attention.benchmarks;

import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.kernel.EngineKernel;
import dev.attention.kernel.KernelExecutor;
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
 * The fused kernel alone, {@code softmax(QKᵀ/√d) V} in float32 with n = m, on the scalar and the
 * SIMD path. Forks start with the Vector API so both paths are measured in the same kind of JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class FusedKernelBenchmark {
    @Param({"256", "1024", "4096"})
    public int n;

    @Param({"64"})
    public int d;

    @Param({"simd", "scalar"})
    public String path;

    @Param({"2"})
    public int threads;

    private Tensor q;
    private Tensor k;
    private Tensor v;
    private EngineKernel kernel;
    private KernelExecutor executor;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        q = Inputs.gaussian(rnd, n, d);
        k = Inputs.gaussian(rnd, n, d);
        v = Inputs.gaussian(rnd, n, d);
        executor = new KernelExecutor(threads);
        kernel = new EngineKernel(executor, path.equals("simd"));
    }

    @Benchmark
    public Tensor forward() {
        return kernel.attend(q, k, v, KernelSpec.defaults()).output();
    }
}
