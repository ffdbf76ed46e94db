package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mode;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.Dropout;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Multi-head attention on the {@link AttentionKernel} service, for the case its components declare
 * the fused form: the alignment is {@code s·q·k} ({@link Alignment#dotProductScale(int)} for the
 * head width), the distribution {@code softmax(z/τ)} ({@link Distribution#softmaxTemperature()}),
 * both without parameters. Then
 * <pre>
 *   Q = kernel.linear(X_q, W_q, b_q)                                 [batch…, n, heads·d_head]
 *   K, V likewise                                                    [batch…, m, kv-heads·d_head]
 *   O = kernel.attend(Q, K, V)          heads in columns, one call    [batch…, n, heads·d_head]
 *   output = kernel.linear(O, W_o, b_o), padded query rows zeroed
 * </pre>
 * with the spec carrying the scale, τ, the padding as lengths, causal/window as a top-left window,
 * ALiBi slopes per head and attention dropout at the inputs' step. The heads are never split: head
 * {@code h} is columns {@code [h·d_head, (h+1)·d_head)}, the layout the kernel reads in place.
 * Backward is {@code kernel.backward} between the projections' gradient products
 * ({@code dX = dY·W}, {@code dW = dYᵀX} over all rows). Immutable and thread-safe.
 */
final class FusedMultiHead {
    private final AttentionKernel kernel;
    private final double scale;
    private final double temperature;
    /** One ALiBi slope per head, or null. */
    private final double[] slopes;
    /** The scores' soft-cap c, 0 when off. */
    private final double softcap;

    private FusedMultiHead(AttentionKernel kernel, double scale, double temperature, double[] slopes, double softcap) {
        this.kernel = kernel;
        this.scale = scale;
        this.temperature = temperature;
        this.slopes = slopes;
        this.softcap = softcap;
    }

    /**
     * The fused path when the components allow it, else empty (the per-head general path runs).
     *
     * @param shared the alignment every head shares, before ALiBi
     * @param heads   the heads' alignments as the general path uses them: {@code shared}, soft-capped
     *                when {@code softcap > 0}, then ALiBi-wrapped or not
     * @param width   the head width {@code d_head}
     * @param softcap the scores' soft-cap, 0 when off
     */
    static Optional<FusedMultiHead> of(AttentionKernel kernel, Alignment shared, Alignment[] heads,
            boolean alignmentPerHead, Distribution distribution, int width, double softcap) {
        if (kernel == null || shared == null || alignmentPerHead || !shared.parameters().isEmpty()
                || !distribution.parameters().isEmpty()) {
            return Optional.empty();
        }
        OptionalDouble s = shared.dotProductScale(width);
        OptionalDouble tau = distribution.softmaxTemperature();
        if (s.isEmpty() || !Double.isFinite(s.getAsDouble()) || tau.isEmpty() || !(tau.getAsDouble() > 0)
                || Double.isInfinite(tau.getAsDouble())) {
            return Optional.empty();
        }
        double[] slopes = null;
        for (int h = 0; h < heads.length; h++) {
            Alignment a = heads[h];
            if (a instanceof AlibiAlignment alibi) {
                if (slopes == null) {
                    slopes = new double[heads.length];
                }
                slopes[h] = alibi.slope();
                a = alibi.inner();
            }
            if (softcap > 0 && a instanceof SoftcapAlignment capped && capped.cap() == softcap) {
                a = capped.inner();
            }
            if (a != shared) {
                // Some other wrapper whose scores the kernel cannot know.
                return Optional.empty();
            }
        }
        if (slopes != null) {
            for (Alignment a : heads) {
                if (!(a instanceof AlibiAlignment)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new FusedMultiHead(kernel, s.getAsDouble(), tau.getAsDouble(), slopes, softcap));
    }

    /**
     * What one forward pass computed, saved in the result for the backward pass.
     *
     * @param owner    the variant that ran it: another's parameters make it useless
     * @param inputs   the inputs it ran on
     * @param xq       the queries' input after positions, {@code [batch…, n, d_q]}; xk, xv likewise
     * @param q        the projected queries {@code [batch…, n, dim]}; k, v likewise
     * @param attended the kernel's result: the merged heads {@code [batch…, n, dim]}, weights, log-sum-exps
     * @param output   the variant's output {@code [batch…, n, dim]}
     */
    record Pass(Object owner, AttentionInputs inputs, InputKind.Sources sources, Tensor xq, Tensor xk, Tensor xv,
            Tensor q, Tensor k, Tensor v, KernelSpec spec, KernelResult attended, Tensor output) {

        /** True when this pass is {@code owner}'s on {@code in}: same tensors (by identity), padding, mode, step. */
        boolean isFor(Object owner, AttentionInputs in) {
            if (this.owner != owner) {
                return false;
            }
            if (in == inputs) {
                return true;
            }
            if (!in.names().equals(inputs.names()) || in.mode() != inputs.mode() || in.step() != inputs.step()
                    || in.mask() != inputs.mask()
                    || in.scoreBias().orElse(null) != inputs.scoreBias().orElse(null)
                    || !Arrays.equals(in.keyMask().orElse(null), inputs.keyMask().orElse(null))
                    || !Arrays.equals(in.segments().orElse(null), inputs.segments().orElse(null))) {
                return false;
            }
            for (String name : in.names()) {
                if (in.tensor(name) != inputs.tensor(name) || in.nesting(name) != inputs.nesting(name)
                        || !Arrays.equals(in.lengths(name).orElse(null), inputs.lengths(name).orElse(null))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The kernel spec: {@code heads} query and {@code kv-heads} key/value heads in columns, the declared
     * scale, the soft-cap and τ,
     * padding as lengths, with {@code order} {@link PositionMasks#order} as a top-left window ({@code j ≤ i} is
     * {@code (∞, 0)}, {@code |i − j| < W} is {@code (W − 1, W − 1)}, both {@code (W − 1, 0)}), ALiBi,
     * dropout (null when inactive) and whether the weights are filled. Without {@code order} the
     * caller carries the order itself (as a bias, when keys were appended after the window's keys).
     */
    KernelSpec spec(MultiHeadVariant.Settings settings, int[] queryLengths, int[] keyLengths, Dropout dropout,
            boolean weights, boolean order) {
        int heads = settings.heads();
        KernelSpec spec = KernelSpec.defaults().heads(heads, settings.kvHeads(), HeadLayout.HEADS_IN_COLUMNS)
                .scale(scale).softcap(softcap).temperature(temperature).queryLengths(queryLengths).keyLengths(keyLengths).dropout(dropout)
                .weights(weights);
        int w = settings.window();
        if (!order) {
            return slopes == null ? spec : spec.alibi(slopes);
        }
        if (settings.causal()) {
            spec = spec.window(w > 0 ? w - 1 : KernelSpec.UNBOUNDED, 0);
        } else if (w > 0) {
            spec = spec.window(w - 1, w - 1);
        }
        return slopes == null ? spec : spec.alibi(slopes);
    }

    /** The real lengths of the queries' and keys' input, null when unpadded: self's sequence serves both. */
    static int[][] lengths(InputKind kind, AttentionInputs inputs) {
        Optional<int[]> q = inputs.lengths(kind.queriesName());
        Optional<int[]> k = inputs.lengths(kind.keysName());
        return new int[][] {q.orElse(null), k.orElse(null)};
    }

    /** The attention dropout of {@code inputs}: active in training with {@code p > 0}, at the inputs' step. */
    static Dropout dropout(MultiHeadVariant.Settings settings, AttentionInputs inputs) {
        return settings.dropout() > 0 && inputs.mode() == Mode.TRAIN
                ? new Dropout(settings.dropout(), settings.dropoutSeed(), inputs.step()) : null;
    }

    /** {@code x Wᵀ + b} on the kernel, refusing a width that does not fit as {@link LinearMaps#apply} does. */
    Tensor apply(AffineMap map, String what, Tensor x) {
        Tensor w = map.weight();
        if (x.cols() != w.cols()) {
            throw new ShapeException(what + " has width " + x.cols() + " (shape " + ShapeException.format(x.shape())
                    + ") but its learned map expects " + w.cols() + " (W " + ShapeException.format(w.shape()) + ")");
        }
        return kernel.linear(x, w, map.bias());
    }

    /**
     * Backward of {@code y = x Wᵀ + b}: {@code dx = dy·W} ({@code [batch…, rows, in]}),
     * {@code dW = dyᵀx} over all rows ({@code [out, in]}) and {@code db = Σ_rows dy} ({@code [1, out]}),
     * parameters' gradients in the parameters' dtype.
     */
    AffineMap.Gradients backward(AffineMap map, Tensor x, Tensor dy) {
        Tensor w = map.weight();
        Tensor dx = kernel.matmul(dy, false, w, false);
        Tensor dw = kernel.matmul(rows(dy), true, rows(x), false).to(w.dtype());
        return new AffineMap.Gradients(dx, dw, map.bias() == null ? null : columnSums(dy, map.bias().dtype()));
    }

    /** {@code [batch…, rows, cols]} as one {@code [batch·rows, cols]} matrix, without a copy. */
    private static Tensor rows(Tensor t) {
        return t.reshape(t.batchSize() * t.rows(), t.cols());
    }

    /** {@code Σ_rows t}: {@code [1, cols]}, summed in double. */
    private static Tensor columnSums(Tensor t, DType dtype) {
        int c = t.cols();
        double[] acc = new double[c];
        for (int k = 0; k < t.size(); k++) {
            acc[k % c] += t.at(k);
        }
        return Tensor.of(dtype, new int[] {1, c}, acc);
    }

    /** The kernel's {@code dL/dO} and the heads' {@code dL/dweights} into {@code dL/dQ, dL/dK, dL/dV}. */
    KernelGradients attendBackward(Pass p, Tensor dMerged, Tensor dWeights) {
        return kernel.backward(p.q(), p.k(), p.v(), p.spec(), p.attended(), dMerged, dWeights);
    }

    @Override
    public String toString() {
        return "FusedMultiHead(scale " + scale + ", τ " + temperature + (slopes == null ? "" : ", alibi")
                + (softcap > 0 ? ", softcap " + softcap : "") + ", "
                + kernel.description() + ")";
    }
}
