package dev.attention.core.kernel;

import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;

/**
 * The engine's {@link AttentionKernel}: what every plugin created by the engine computes with.
 * Tiled, parallel on the engine's {@link KernelExecutor}, SIMD where the Vector API is present.
 * Thread-safe.
 */
public final class EngineKernel implements AttentionKernel {
    private final KernelExecutor executor;
    private final boolean simd;

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
        return AttentionKernel.reference().attend(queries, keys, values, spec);
    }

    @Override
    public KernelGradients backward(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward,
            Tensor outputGradient, Tensor weightGradient) {
        return AttentionKernel.reference().backward(queries, keys, values, spec, forward, outputGradient,
                weightGradient);
    }

    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        return Gemm.multiply(a, transposeA, b, transposeB, executor, simd);
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
