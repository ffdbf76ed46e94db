package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.tck.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * Attention dropout draws its mask from the kernel API's counter-based random numbers: the same
 * bits as the variants' former generator (same seed, step, b, head, i, j order), and the kernel
 * given {@link AttentionDropout#kernelDropout()} drops exactly the weights the plugin drops.
 */
class AttentionDropoutTest {

    /** The variants' former counter-based draw, kept here to pin the mask: SplitMix64 per coordinate. */
    private static double formerUniform(long seed, long... coordinates) {
        long z = mix(seed);
        for (long c : coordinates) {
            z = mix(z + 0x9E3779B97F4A7C15L * (c + 1));
        }
        return (z >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Test
    void factors_are_the_former_draws_bit_for_bit() {
        long seed = -4_242_424_242L;
        AttentionDropout d = new AttentionDropout(0.3, seed).atStep(7);
        int dropped = 0;
        for (int b = 0; b < 3; b++) {
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 6; j++) {
                        double expected = formerUniform(seed, 7, b, h, i, j) < 0.3 ? 0 : 1 / (1 - 0.3);
                        assertEquals(expected, d.factor(b, h, i, j));
                        assertEquals(expected, d.kernelDropout().factor(b, h, i, j));
                        dropped += expected == 0 ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(dropped > 30 && dropped < 80, "about 30% of 180 dropped, got " + dropped);
    }

    @Test
    void the_kernel_drops_the_weights_the_plugin_drops() {
        AttentionDropout d = new AttentionDropout(0.4, 99).atStep(3);
        Tensor q = GradientCheck.random(new int[] {2, 4, 3}, 1, -1, 1);
        Tensor k = GradientCheck.random(new int[] {2, 5, 3}, 2, -1, 1);
        Tensor v = GradientCheck.random(new int[] {2, 5, 2}, 3, -1, 1);
        KernelSpec spec = KernelSpec.defaults().weights(true);
        AttentionKernel kernel = AttentionKernel.reference();
        Tensor plain = kernel.attend(q, k, v, spec).weights().orElseThrow();
        KernelResult dropped = kernel.attend(q, k, v, spec.dropout(d.kernelDropout()));
        Tensor expected = d.apply(plain, 0);
        Tensor got = dropped.weights().orElseThrow();
        for (int x = 0; x < expected.size(); x++) {
            assertEquals(expected.at(x), got.at(x), 1e-15, "weight " + x);
            assertEquals(expected.at(x) == 0, got.at(x) == 0, "the same weights dropped");
        }
        assertEquals(DType.FLOAT64, got.dtype());
    }
}
