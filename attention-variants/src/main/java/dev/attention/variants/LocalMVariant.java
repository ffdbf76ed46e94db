package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Local attention with monotonic alignment (local-m, Luong et al. 2015): query {@code i} attends
 * to the real keys within {@code D} positions of its own index,
 * <pre>
 *   W_i      = { j : |j − i| ≤ D, j a real key }
 *   w_i      = f(a(K_j, Q_i)) over j ∈ W_i, 0 elsewhere     weights [batch…, n, m]
 *   output_i = Σ_{j∈W_i} w_ij · V_j                          output  [batch…, n, d_v]
 * </pre>
 * It assumes queries and keys are roughly aligned position by position (query {@code i} faces
 * key {@code i}); with {@code n ≠ m} the band still follows the indices. Inputs as for global
 * attention ({@link QkvBinding}). Each weight row sums to 1 (for a normalising distribution)
 * except rows whose window holds no real key (e.g. {@code i > m − 1 + D}), which are all zero.
 * With a dot-product alignment and softmax (declared) the attention is one fused
 * {@link AttentionKernel} call with window {@code (D, D)} ({@link KernelPath}; the weights only
 * when {@code weightsWanted}); other components take the general path. Immutable and thread-safe.
 */
final class LocalMVariant extends MaskedQkvVariant {
    private static final String NAME = "local-m attention";

    private final int window;
    private final AttentionKernel kernel;

    LocalMVariant(Alignment alignment, Distribution distribution, int window) {
        this(alignment, distribution, window, AttentionKernel.reference());
    }

    LocalMVariant(Alignment alignment, Distribution distribution, int window, AttentionKernel kernel) {
        this(new Components(alignment, distribution), window, kernel);
    }

    private LocalMVariant(Components components, int window, AttentionKernel kernel) {
        super(NAME, components);
        if (window < 0) {
            throw new IllegalArgumentException("window must be ≥ 0, got " + window);
        }
        this.window = window;
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    @Override
    LocalMVariant with(Components c) {
        return new LocalMVariant(c, window, kernel);
    }

    @Override
    public String toString() {
        return "LocalMVariant(window=" + window + ", " + components + ")";
    }

    /** The fused kernel when the components declare themselves, else the general path. */
    @Override
    AttentionResult forward(QkvBinding in, boolean weightsWanted) {
        Optional<KernelSpec> spec = kernelSpec(in);
        if (spec.isPresent()) {
            return KernelPath.forward(kernel, in.queries, in.keys, in.values, spec.get(), weightsWanted);
        }
        return super.forward(in, weightsWanted);
    }

    @Override
    VariantGradients backward(QkvBinding in, AttentionResult result, ResultGradients given) {
        Optional<KernelSpec> spec = kernelSpec(in);
        if (spec.isPresent()) {
            return QkvBinding.gradients(KernelPath.backward(kernel, components.alignment(), components.distribution(),
                    in.queries, in.keys, in.rawValues, spec.get(), result, given.output(), given.weights()));
        }
        return super.backward(in, result, given);
    }

    /** The real keys within {@code D} of the query's index: {@code |j − i| ≤ D}. */
    @Override
    Pass pass(QkvBinding in) {
        return attend(in, in.keys, in.rawValues, in.padding.and(PositionMasks.band(window)), Map.of());
    }

    /** {@link #pass}'s mask as the kernel's window {@code (D, D)} around {@code j = i}, when the components declare themselves. */
    private Optional<KernelSpec> kernelSpec(QkvBinding in) {
        return KernelPath.spec(components.alignment(), components.distribution(), in.queries.cols(), in.keys.cols(),
                in.kernelPadding().band(window));
    }

    /** The window follows the query's position: batch entries independent, rows not. */
    @Override
    Independence ownIndependence() {
        return Independence.BATCH_ENTRIES;
    }
}
