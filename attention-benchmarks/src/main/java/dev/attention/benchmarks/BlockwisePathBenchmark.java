package dev.attention.benchmarks;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
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
 * The blockwise path (the plugins on slices of query rows) beside the fused path, through the
 * engine: {@code global / cosine / softmax} is not fused, {@code global / scaled-dot / softmax} is.
 * Both without weights, float32, n = m.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class BlockwisePathBenchmark {
    @Param({"256", "1024"})
    public int n;

    @Param({"64"})
    public int d;

    @Param({"cosine", "scaled-dot"})
    public String alignment;

    private Pipeline pipeline;
    private AttentionInputs inputs;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        Tensor q = Inputs.gaussian(rnd, n, d);
        Tensor k = Inputs.gaussian(rnd, n, d);
        Tensor v = Inputs.gaussian(rnd, n, d);
        inputs = AttentionInputs.of(Map.of("queries", q, "keys", k, "values", v));
        pipeline = Attention.engine().pipeline().alignment(alignment).dtype(DType.FLOAT32).weights(false).build();
    }

    @Benchmark
    public Tensor run() {
        return pipeline.run(inputs).output();
    }
}
