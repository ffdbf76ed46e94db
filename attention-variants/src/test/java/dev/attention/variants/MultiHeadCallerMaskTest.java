package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A caller's (query, key) mask (what leave-one-out fitting passes) hides its pairs in multi-head
 * too: the same as a −∞ score bias on those pairs, which both paths honour independently.
 */
class MultiHeadCallerMaskTest {
    private static final int N = 5;

    private static Variant create(boolean kernelPath) {
        VariantProvider p = Fixtures.provider("multi-head");
        Alignment a = kernelPath ? KernelComponents.scaledDot() : KernelComponents.undeclared(KernelComponents.scaledDot());
        return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(Map.of("heads", 2, "dim", 4))
                .widths(Map.of("sequence", 4)).dtype(DType.FLOAT64).seed(7).alignment(a)
                .distribution(KernelComponents.softmax(1)).kernel(AttentionKernel.reference()).build());
    }

    @Test
    void a_callers_mask_hides_its_pairs_like_a_minus_infinity_bias() {
        Tensor x = GradientCheck.random(new int[] {1, N, 4}, 5, -1, 1);
        Tensor.Builder diagonal = Tensor.builder(DType.FLOAT64, N, N);
        for (int i = 0; i < N; i++) {
            diagonal.set(0, i, i, Double.NEGATIVE_INFINITY);
        }
        Tensor bias = diagonal.build();
        for (boolean kernelPath : new boolean[] {true, false}) {
            Variant v = create(kernelPath);
            AttentionResult masked = v.forward(AttentionInputs.builder().put("sequence", x)
                    .mask((b, i, j) -> i != j).build());
            AttentionResult biased = v.forward(AttentionInputs.builder().put("sequence", x)
                    .scoreBias(bias).build());
            Tensor w = masked.weights().orElseThrow();
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < N; i++) {
                    assertEquals(0, w.at((h * N + i) * N + i), "head " + h + " query " + i + " sees itself");
                }
            }
            double[] a = masked.output().toDoubleArray();
            double[] b = biased.output().toDoubleArray();
            for (int k = 0; k < a.length; k++) {
                assertEquals(b[k], a[k], 1e-12, "output " + k + (kernelPath ? " (kernel components)" : ""));
            }
        }
    }
}
