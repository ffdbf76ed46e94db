package dev.attention.api.kernel;

import dev.attention.api.Tensor;

/**
 * Fused attention and dense products as a service. {@link #attend} computes what
 * {@link KernelSpec} documents without building the {@code n × m} scores unless the weights are
 * asked for; {@link #backward} gives the gradients from the forward result's log-sum-exps.
 *
 * <p>Every implementation computes the same function: {@link #reference()} defines it in plain
 * loops (double arithmetic), the engine's is tiled, SIMD and parallel, and a plugin gets whichever
 * its {@link dev.attention.api.spi.PluginContext#kernel() context} holds. Results agree with the
 * reference per tensor within {@code 1e-5·max|ref|} for float32 and {@code 1e-12·max|ref|} for
 * float64; an implementation gives the same bits for any thread count. Thread-safe.
 */
public interface AttentionKernel {

    /**
     * Forward pass.
     *
     * @param queries {@code [batch…, h_q, n, d]} or {@code [batch…, n, h_q·d]} as the spec's {@link HeadLayout} says
     * @param keys    {@code [batch…, h_kv, m, d]} or {@code [batch…, m, h_kv·d]}
     * @param values  {@code [batch…, h_kv, m, d_v]} or {@code [batch…, m, h_kv·d_v]}
     * @throws dev.attention.api.ShapeException when the operands do not fit the spec
     */
    KernelResult attend(Tensor queries, Tensor keys, Tensor values, KernelSpec spec);

    /**
     * Backward pass of {@link #attend} with the same operands and spec, given its result and
     * {@code dL/d output}; {@code weightGradient} is {@code dL/d weights}
     * ({@link KernelShape#weightsShape()}) or null for none.
     */
    KernelGradients backward(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward,
            Tensor outputGradient, Tensor weightGradient);

    /**
     * {@code op(a) · op(b)} where {@code op} transposes the last two axes when asked:
     * {@code a [batch…, r, k]} and {@code b [batch…, k, c]} (equal batch dimensions) or
     * {@code b [k, c]} shared by every batch matrix; the result is {@code [batch…, r, c]} in
     * {@code a}'s dtype, summed in at least {@code a}'s precision.
     */
    Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB);

    /** {@code x Wᵀ + bias}: {@code x [batch…, r, in]}, {@code w [out, in]}, bias {@code [out]}-sized or null. */
    default Tensor linear(Tensor x, Tensor w, Tensor bias) {
        Tensor y = matmul(x, false, w, true);
        return bias == null ? y : ReferenceKernel.addRowVector(y, bias);
    }

    /** One line for logs: which implementation, which paths, how many threads. */
    String description();

    /** Plain loops in double: the definition every kernel is tested against. */
    static AttentionKernel reference() {
        return ReferenceKernel.INSTANCE;
    }
}
