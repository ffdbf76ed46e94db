package dev.attention.benchmarks;

import dev.attention.kernel.VectorExp;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our {@link VectorExp} against the Vector API's lanewise {@code EXP} and scalar {@link Math#exp},
 * over 4096 softmax-range arguments in [−20, 0]. In core's package to reach the package-private
 * {@code VectorExp}; this module is never on core's class path, so nothing else sees it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class VectorExpBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final float[] x = new float[4096];
    private final float[] y = new float[4096];

    @Setup
    public void setUp() {
        Random rnd = new Random(1);
        for (int t = 0; t < x.length; t++) {
            x[t] = -20 * rnd.nextFloat();
        }
    }

    @Benchmark
    public float[] ours() {
        for (int t = 0; t < x.length; t += S.length()) {
            VectorExp.exp(FloatVector.fromArray(S, x, t)).intoArray(y, t);
        }
        return y;
    }

    @Benchmark
    public float[] lanewiseExp() {
        for (int t = 0; t < x.length; t += S.length()) {
            FloatVector.fromArray(S, x, t).lanewise(VectorOperators.EXP).intoArray(y, t);
        }
        return y;
    }

    @Benchmark
    public float[] mathExp() {
        for (int t = 0; t < x.length; t++) {
            y[t] = (float) Math.exp(x[t]);
        }
        return y;
    }
}
