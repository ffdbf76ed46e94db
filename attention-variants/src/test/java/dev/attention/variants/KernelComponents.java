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
 * Components for the tests of the fused (kernel) path, written here so they do not depend on the
 * plugin modules: the reference dot product scaled by {@code 1/√d} and softmax with a temperature,
 * both declaring their fused form ({@link Alignment#dotProductScale}, {@link Distribution#softmaxTemperature}),
 * wrappers that compute the same but declare nothing (forcing the per-head general path), and a
 * kernel that counts its calls.
 */
final class KernelComponents {
    private static final Alignment DOT = ReferenceComponents.dot();
    private static final Distribution SOFTMAX = ReferenceComponents.softmax();

    private KernelComponents() {
    }

    /** {@code a(k, q) = qᵀk / √d}, declaring the scale {@code 1/√width}. */
    static Alignment scaledDot() {
        return new Alignment() {
            @Override
            public Tensor scores(Tensor q, Tensor k) {
                return scaled(DOT.scores(q, k), 1 / Math.sqrt(q.cols()));
            }

            @Override
            public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
                return DOT.backward(q, k, scaled(g, 1 / Math.sqrt(q.cols())));
            }

            @Override
            public OptionalDouble dotProductScale(int width) {
                return OptionalDouble.of(1 / Math.sqrt(width));
            }

            @Override
            public String toString() {
                return "scaled-dot (declared)";
            }
        };
    }

    /** {@code a(k, q) = qᵀk}, declaring the scale 1. */
    static Alignment dot() {
        return new Alignment() {
            @Override
            public Tensor scores(Tensor q, Tensor k) {
                return DOT.scores(q, k);
            }

            @Override
            public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
                return DOT.backward(q, k, g);
            }

            @Override
            public OptionalDouble dotProductScale(int width) {
                return OptionalDouble.of(1);
            }

            @Override
            public String toString() {
                return "dot (declared)";
            }
        };
    }

    /** {@code softmax(s/τ)} over the allowed keys, declaring τ. */
    static Distribution softmax(double tau) {
        return new Distribution() {
            @Override
            public Tensor weights(Tensor s, Mask mask) {
                return SOFTMAX.weights(scaled(s, 1 / tau), mask);
            }

            @Override
            public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
                // z = s/τ ⇒ ds = dz/τ.
                return new DistributionGradients(scaled(SOFTMAX.backward(scaled(s, 1 / tau), mask, w, g).scores(),
                        1 / tau), Parameters.empty());
            }

            @Override
            public OptionalDouble softmaxTemperature() {
                return OptionalDouble.of(tau);
            }

            @Override
            public String toString() {
                return "softmax τ " + tau + " (declared)";
            }
        };
    }

    /** The same scores as {@code a} without its declaration. */
    static Alignment undeclared(Alignment a) {
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
                return "undeclared " + a;
            }
        };
    }

    /** The same weights as {@code f} without its declaration. */
    static Distribution undeclared(Distribution f) {
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

    static Tensor scaled(Tensor t, double c) {
        Tensor.Builder b = Tensor.builder(t.dtype(), t.shape());
        for (int x = 0; x < t.size(); x++) {
            b.set(x, c * t.at(x));
        }
        return b.build();
    }

    /** The reference kernel, counting {@link #attend} and {@link #backward} calls. */
    static final class Counting implements AttentionKernel {
        final AtomicInteger attends = new AtomicInteger();
        final AtomicInteger backwards = new AtomicInteger();
        private final AttentionKernel inner = AttentionKernel.reference();

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
            return inner.matmul(a, ta, b, tb);
        }

        @Override
        public String description() {
            return "counting " + inner.description();
        }
    }
}
