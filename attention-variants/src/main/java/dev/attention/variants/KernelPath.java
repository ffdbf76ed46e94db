package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The fused-kernel path of the variants (global, cross, self, local-m, pooling): when the alignment
 * declares the dot-product form ({@link Alignment#dotProductScale(int)} = s, possibly under
 * {@link AlibiAlignment}) and the distribution a softmax ({@link Distribution#softmaxTemperature()}
 * = τ), {@code output_i = Σ_j softmax_j((s·q_i·k_j − slope·|i − j|)/τ) · v_j} is one
 * {@link AttentionKernel#attend} call, forward, and one {@link AttentionKernel#backward} call,
 * backward, instead of scores, weights and weighted sum as {@code [batch…, n, m]} tensors
 * ({@link Attend}, the general path). The variant's masks must be {@link Masks}: lengths and a
 * window around the diagonal {@code j = i}; any other mask keeps the general path.
 *
 * <p>The result carries the {@link KernelResult} ({@link AttentionResult#withSaved}) so the backward
 * pass need not recompute the forward pass; a result without one (made elsewhere) is recomputed
 * through the kernel. Operands are single-head {@code [batch…, rows, width]} tensors; keys and
 * values are given to the kernel in the queries' dtype and their gradients returned in their own.
 */
final class KernelPath {
    private KernelPath() {
    }

    /**
     * The masks a variant applies, in the kernel's terms: real query rows and keys per batch
     * element (null for all) and key {@code j} visible to query {@code i} only when
     * {@code −left ≤ j − i ≤ right} ({@link KernelSpec#UNBOUNDED} for no limit on a side).
     */
    record Masks(int[] queryLengths, int[] keyLengths, int left, int right) {

        /** Padding only. */
        static Masks lengths(int[] queryLengths, int[] keyLengths) {
            return new Masks(queryLengths, keyLengths, KernelSpec.UNBOUNDED, KernelSpec.UNBOUNDED);
        }

        /**
         * {@link PositionMasks#order}: causal keeps {@code j ≤ i}, a window {@code W > 0} keeps
         * {@code |i − j| < W}, i.e. at most {@code W − 1} on either side that is not cut already.
         */
        Masks order(boolean causal, int window) {
            int side = window > 0 ? window - 1 : KernelSpec.UNBOUNDED;
            return new Masks(queryLengths, keyLengths, side, causal ? 0 : side);
        }

        /** {@link PositionMasks#band}: {@code |j − i| ≤ halfWidth}. */
        Masks band(int halfWidth) {
            return new Masks(queryLengths, keyLengths, halfWidth, halfWidth);
        }

        KernelSpec applyTo(KernelSpec spec) {
            KernelSpec s = spec.queryLengths(queryLengths).keyLengths(keyLengths);
            return left == KernelSpec.UNBOUNDED && right == KernelSpec.UNBOUNDED ? s : s.window(left, right);
        }
    }

    /**
     * The kernel spec of alignment {@code a} and distribution {@code f} on queries and keys of the
     * given widths under {@code masks}: scale s, temperature τ and the ALiBi slope of an
     * {@link AlibiAlignment}; empty when either component declares nothing, the widths differ
     * (the alignment's own error then comes from the general path) or {@code masks} is null.
     */
    static Optional<KernelSpec> spec(Alignment a, Distribution f, int queryWidth, int keyWidth, Masks masks) {
        if (masks == null || queryWidth != keyWidth) {
            return Optional.empty();
        }
        Alignment inner = a;
        double slope = 0;
        if (a instanceof AlibiAlignment) {
            inner = ((AlibiAlignment) a).inner();
            slope = ((AlibiAlignment) a).slope();
        }
        OptionalDouble scale = inner.dotProductScale(queryWidth);
        OptionalDouble tau = f.softmaxTemperature();
        if (scale.isEmpty() || tau.isEmpty() || !Double.isFinite(scale.getAsDouble())
                || !(tau.getAsDouble() > 0) || Double.isInfinite(tau.getAsDouble())) {
            return Optional.empty();
        }
        KernelSpec spec = KernelSpec.defaults().scale(scale.getAsDouble()).temperature(tau.getAsDouble());
        if (a instanceof AlibiAlignment) {
            spec = spec.alibi(slope);
        }
        return Optional.of(masks.applyTo(spec));
    }

    /** Whether {@code a} and {@code f} declare the form the kernel computes (for operands of equal width). */
    static boolean declared(Alignment a, Distribution f) {
        return spec(a, f, 1, 1, Masks.lengths(null, null)).isPresent();
    }

    /**
     * {@code kernel.attend}: a result with the output, the weights when {@code weightsWanted}
     * (else no {@value AttentionResult#WEIGHTS} entry), and the kernel's result saved for backward.
     */
    static AttentionResult forward(AttentionKernel kernel, Tensor q, Tensor k, Tensor v, KernelSpec spec,
            boolean weightsWanted) {
        KernelResult r = kernel.attend(q, k.to(q.dtype()), v.to(q.dtype()), spec.weights(weightsWanted));
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(AttentionResult.OUTPUT, r.output());
        if (weightsWanted) {
            out.put(AttentionResult.WEIGHTS, r.weights().orElseThrow(
                    () -> new IllegalStateException(kernel.description() + " returned no weights though asked for")));
        }
        return AttentionResult.of(out).withSaved(r);
    }

    /**
     * {@code kernel.backward} for {@link #forward}'s result, given {@code dL/d output} and
     * {@code dL/d weights} (either may be null = zero), as {@link Attend}'s gradients. The
     * components' parameters get zero gradients: a declaration holds for every value of them, so
     * the result does not depend on them.
     */
    static Attend.Backward backward(AttentionKernel kernel, Alignment a, Distribution f, Tensor q, Tensor k, Tensor v,
            KernelSpec spec, AttentionResult result, Tensor dOut, Tensor dWeights) {
        Tensor keys = k.to(q.dtype());
        Tensor values = v.to(q.dtype());
        KernelSpec s = spec.weights(false);
        int[] outputShape = q.shape();
        outputShape[outputShape.length - 1] = v.cols();
        KernelResult forward = result.saved(KernelResult.class)
                .filter(r -> r.rows() == q.batchSize() * q.rows() && Arrays.equals(r.output().shape(), outputShape))
                .orElseGet(() -> kernel.attend(q, keys, values, s));
        Tensor g = dOut != null ? dOut.to(q.dtype()) : Tensor.zeros(q.dtype(), outputShape);
        KernelGradients d = kernel.backward(q, keys, values, s, forward, g, dWeights == null ? null : dWeights.to(q.dtype()));
        return new Attend.Backward(d.queries(), d.keys().to(k.dtype()), d.values().to(v.dtype()),
                zeros(a.parameters()), zeros(f.parameters()));
    }

    private static Parameters zeros(Parameters p) {
        return p.map((name, t) -> Tensor.zeros(t.dtype(), t.shape()));
    }
}
