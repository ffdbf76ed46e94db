package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import dev.attention.tck.ReferenceComponents;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Components for comparing the kernel path with the general path: a dot product scaled by
 * {@code s} and a softmax at temperature τ built from the reference components, each declaring
 * what it is; a wrapper that hides an alignment's declaration (forcing the general path with the
 * very same function); and a kernel that counts its calls.
 */
final class PathComponents {
    private PathComponents() {
    }

    /** {@code s·qᵀk}, declaring s. */
    static Alignment dot(double s) {
        Alignment dot = ReferenceComponents.dot();
        return new Alignment() {
            @Override
            public Tensor scores(Tensor q, Tensor k) {
                return scale(dot.scores(q, k), s);
            }

            @Override
            public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
                return dot.backward(q, k, scale(g, s));
            }

            @Override
            public OptionalDouble dotProductScale(int width) {
                return OptionalDouble.of(s);
            }

            @Override
            public String toString() {
                return "dot(" + s + ")";
            }
        };
    }

    /** {@code softmax(s/τ)}, declaring τ. */
    static Distribution softmax(double tau) {
        Distribution softmax = ReferenceComponents.softmax();
        return new Distribution() {
            @Override
            public Tensor weights(Tensor s, Mask mask) {
                return softmax.weights(scale(s, 1 / tau), mask);
            }

            @Override
            public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
                Tensor dz = softmax.backward(scale(s, 1 / tau), mask, w, g).scores();
                return new DistributionGradients(scale(dz, 1 / tau), Parameters.empty());
            }

            @Override
            public OptionalDouble softmaxTemperature() {
                return OptionalDouble.of(tau);
            }

            @Override
            public String toString() {
                return "softmax(" + tau + ")";
            }
        };
    }

    /** The same scores, declaring nothing: a variant must take the general path with it. */
    static Alignment silent(Alignment a) {
        return new Alignment() {
            @Override
            public Tensor scores(Tensor q, Tensor k) {
                return a.scores(q, k);
            }

            @Override
            public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
                return a.backward(q, k, g);
            }

            @Override
            public String toString() {
                return "silent(" + a + ")";
            }
        };
    }

    /** The same weights, declaring nothing. */
    static Distribution silent(Distribution f) {
        return new Distribution() {
            @Override
            public Tensor weights(Tensor s, Mask mask) {
                return f.weights(s, mask);
            }

            @Override
            public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
                return f.backward(s, mask, w, g);
            }
        };
    }

    /** The reference kernel, counting attend, backward and matmul calls. */
    static final class Counting implements AttentionKernel {
        private final AttentionKernel inner = AttentionKernel.reference();
        final AtomicInteger attends = new AtomicInteger();
        final AtomicInteger backwards = new AtomicInteger();
        final AtomicInteger matmuls = new AtomicInteger();

        @Override
        public KernelResult attend(Tensor q, Tensor k, Tensor v, KernelSpec spec) {
            attends.incrementAndGet();
            return inner.attend(q, k, v, spec);
        }

        @Override
        public KernelGradients backward(Tensor q, Tensor k, Tensor v, KernelSpec spec, KernelResult forward,
                Tensor dOut, Tensor dWeights) {
            backwards.incrementAndGet();
            return inner.backward(q, k, v, spec, forward, dOut, dWeights);
        }

        @Override
        public Tensor matmul(Tensor a, boolean ta, Tensor b, boolean tb) {
            matmuls.incrementAndGet();
            return inner.matmul(a, ta, b, tb);
        }

        @Override
        public String description() {
            return "counting " + inner.description();
        }
    }

    private static Tensor scale(Tensor t, double c) {
        Tensor.Builder b = Tensor.builder(t.dtype(), t.shape());
        for (int x = 0; x < t.size(); x++) {
            b.set(x, c * t.at(x));
        }
        return b.build();
    }
}
