package dev.attention.kernel;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import java.util.concurrent.atomic.LongAdder;
import org.apiguardian.api.API;

/**
 * The engine's {@link AttentionKernel}: what every plugin created by the engine computes with.
 * Tiled, parallel on the engine's {@link KernelExecutor}, SIMD where the Vector API is present.
 * Thread-safe.
 */
@API(status = MAINTAINED)
public final class EngineKernel implements AttentionKernel {
    private final KernelExecutor executor;
    private final boolean simd;
    private final LongAdder attends = new LongAdder();
    private final LongAdder backwards = new LongAdder();
    private final LongAdder matmuls = new LongAdder();

    /** SIMD when the Vector API is present (and not switched off), on {@code executor}. */
    public EngineKernel(KernelExecutor executor) {
        this(executor, VectorSupport.enabledByDefault());
    }

    /**
     * @throws IllegalStateException when asking for SIMD without the Vector API
     */
    public EngineKernel(KernelExecutor executor, boolean simd) {
        if (simd && !VectorSupport.present()) {
            throw new IllegalStateException("the SIMD path needs java --add-modules jdk.incubator.vector");
        }
        this.executor = executor;
        this.simd = simd;
    }

    public KernelExecutor executor() {
        return executor;
    }

    public boolean simd() {
        return simd;
    }

    @Override
    public KernelResult attend(Tensor queries, Tensor keys, Tensor values, KernelSpec spec) {
        attends.increment();
        return attend(ForwardPass.of(KernelShape.of(queries, keys, values, spec), simd), queries, keys, values);
    }

    /** Runs {@code pass} (its block sizes chosen by the caller: tests vary them). */
    KernelResult attend(ForwardPass pass, Tensor queries, Tensor keys, Tensor values) {
        KernelExecutor ex = pass.executor(executor);
        if (simd) {
            // Only reached with the Vector API present: these classes name it and load only now.
            return pass.dtype == DType.FLOAT32 ? SimdFloatForward.attend(pass, queries, keys, values, ex)
                    : SimdDoubleForward.attend(pass, queries, keys, values, ex);
        }
        ScalarForward.Operands kv = ScalarForward.Operands.of(pass, keys, values, ex);
        return pass.run(ex, () -> new ScalarForward(pass, queries, kv));
    }

    @Override
    public KernelGradients backward(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward,
            Tensor outputGradient, Tensor weightGradient) {
        backwards.increment();
        return BackwardPass.compute(queries, keys, values, spec, forward, outputGradient, weightGradient, simd,
                executor);
    }

    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        matmuls.increment();
        return Gemm.multiply(a, transposeA, b, transposeB, executor, simd);
    }

    /** The calls made so far (a snapshot; {@link KernelUse#since} gives a run's share). */
    public KernelUse use() {
        return new KernelUse(attends.sum(), backwards.sum(), matmuls.sum());
    }

    @Override
    public String description() {
        return "engine kernel (" + (simd ? "SIMD" : "scalar") + ", " + executor.threads() + " thread"
                + (executor.threads() == 1 ? "" : "s") + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
