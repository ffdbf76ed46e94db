package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;

/**
 * Inputs and creation helpers for the tests of {@code self}, {@code cross} and {@code pooling}:
 * a fixed pseudo-random sequence (batch 2, n = 4, d = 2, values in [-1, 1)) and creating a variant
 * through its provider as the engine would.
 */
final class InputFixtures {
    static final int BATCH = 2;
    static final int N = 4;
    static final int D = 2;

    private InputFixtures() {
    }

    static Tensor sequence() {
        return GradientCheck.random(new int[] {BATCH, N, D}, 21, -1, 1);
    }

    /** With the reference dot alignment and softmax. */
    static Variant create(VariantProvider p, Map<String, ?> parameters, Map<String, Integer> widths) {
        return create(p, parameters, widths, ReferenceComponents.dot(), ReferenceComponents.softmax());
    }

    static Variant create(VariantProvider p, Map<String, ?> parameters, Map<String, Integer> widths, Alignment a,
            Distribution f) {
        return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(parameters).widths(widths)
                .alignment(a).distribution(f).build());
    }
}
