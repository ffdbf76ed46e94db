package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.tck.ReferenceComponents;

/**
 * Small components written for these tests: a "normalize" distribution for hand arithmetic, and
 * learnable wrappers around the reference components so the variant's parameter plumbing
 * (prefixing, splitting, gradients) is exercised.
 */
final class TestComponents {
    private TestComponents() {
    }

    /** {@code w_j = s_j / Σ_k s_k} over allowed keys; only meaningful for positive scores. */
    static Distribution normalize() {
        return new Distribution() {
            @Override
            public Tensor weights(Tensor s, Mask mask) {
                Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
                for (int b = 0; b < s.batchSize(); b++) {
                    for (int i = 0; i < s.rows(); i++) {
                        double sum = 0;
                        for (int j = 0; j < s.cols(); j++) {
                            sum += mask.allows(b, i, j) ? s.get(b, i, j) : 0;
                        }
                        for (int j = 0; j < s.cols(); j++) {
                            if (sum != 0 && mask.allows(b, i, j)) {
                                w.set(b, i, j, s.get(b, i, j) / sum);
                            }
                        }
                    }
                }
                return w.build();
            }

            @Override
            public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
                throw new UnsupportedOperationException("normalize is forward-only in these tests");
            }
        };
    }

    /** {@code a(k, q) = c · qᵀk} with a learnable scalar {@code c} stored as a [1, 1] tensor. */
    static Alignment scaledDot(double c) {
        return new ScaledDot(c);
    }

    /** Softmax of {@code t · s} with a learnable scalar {@code t} stored as a [1, 1] tensor. */
    static Distribution temperedSoftmax(double t) {
        return new TemperedSoftmax(t);
    }

    private static Tensor scalar(double v) {
        return Tensor.of(DType.FLOAT64, new int[] {1, 1}, v);
    }

    private static double scalarOf(Parameters p, String name) {
        Tensor t = p.get(name);
        if (t.size() != 1) {
            throw new ShapeException(name + " must be [1, 1], got " + ShapeException.format(t.shape()));
        }
        return t.at(0);
    }

    private static Tensor scale(Tensor t, double c) {
        Tensor.Builder b = Tensor.builder(t.dtype(), t.shape());
        for (int k = 0; k < t.size(); k++) {
            b.set(k, c * t.at(k));
        }
        return b.build();
    }

    private static final class ScaledDot implements Alignment {
        private static final Alignment DOT = ReferenceComponents.dot();
        private final double c;

        ScaledDot(double c) {
            this.c = c;
        }

        @Override
        public Tensor scores(Tensor q, Tensor k) {
            return scale(DOT.scores(q, k), c);
        }

        @Override
        public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
            // s = c·dot ⇒ dq, dk are dot's backward of c·g; dc = Σ g ⊙ dot.
            AlignmentGradients inner = DOT.backward(q, k, scale(g, c));
            Tensor dot = DOT.scores(q, k);
            double dc = 0;
            for (int x = 0; x < g.size(); x++) {
                dc += g.at(x) * dot.at(x);
            }
            return new AlignmentGradients(inner.queries(), inner.keys(), Parameters.of("c", scalar(dc)));
        }

        @Override
        public Parameters parameters() {
            return Parameters.of("c", scalar(c));
        }

        @Override
        public Alignment withParameters(Parameters p) {
            return new ScaledDot(scalarOf(p, "c"));
        }
    }

    private static final class TemperedSoftmax implements Distribution {
        private static final Distribution SOFTMAX = ReferenceComponents.softmax();
        private final double t;

        TemperedSoftmax(double t) {
            this.t = t;
        }

        @Override
        public Tensor weights(Tensor s, Mask mask) {
            return SOFTMAX.weights(scale(s, t), mask);
        }

        @Override
        public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
            // z = t·s ⇒ ds = t·dz and dt = Σ s ⊙ dz.
            Tensor dz = SOFTMAX.backward(scale(s, t), mask, w, g).scores();
            double dt = 0;
            for (int x = 0; x < s.size(); x++) {
                dt += s.at(x) * dz.at(x);
            }
            return new DistributionGradients(scale(dz, t), Parameters.of("t", scalar(dt)));
        }

        @Override
        public Parameters parameters() {
            return Parameters.of("t", scalar(t));
        }

        @Override
        public Distribution withParameters(Parameters p) {
            return new TemperedSoftmax(scalarOf(p, "t"));
        }
    }
}
