package dev.attention.tck;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;

/**
 * Plain, obviously-correct components for testing variants without depending on the plugin
 * modules: {@code dot} alignment and masked {@code softmax}. Written for clarity, not speed. Both
 * declare what they are ({@code dotProductScale = 1}, {@code softmaxTemperature = 1}), so a
 * variant composed of them may take the fused-kernel path; wrap one in a component that declares
 * nothing to force the general path.
 */
public final class ReferenceComponents {
    private ReferenceComponents() {
    }

    /** {@code a(k, q) = qᵀk}. */
    public static Alignment dot() {
        return new Alignment() {
            @Override
            public Tensor scores(Tensor q, Tensor k) {
                check(q, k);
                Tensor.Builder s = Tensor.builder(q.dtype(), outShape(q, k));
                for (int b = 0; b < q.batchSize(); b++) {
                    for (int i = 0; i < q.rows(); i++) {
                        for (int j = 0; j < k.rows(); j++) {
                            double acc = 0;
                            for (int c = 0; c < q.cols(); c++) {
                                acc += q.get(b, i, c) * k.get(b, j, c);
                            }
                            s.set(b, i, j, acc);
                        }
                    }
                }
                return s.build();
            }

            @Override
            public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
                Tensor.Builder dq = Tensor.builder(q.dtype(), q.shape());
                Tensor.Builder dk = Tensor.builder(k.dtype(), k.shape());
                for (int b = 0; b < q.batchSize(); b++) {
                    for (int i = 0; i < q.rows(); i++) {
                        for (int j = 0; j < k.rows(); j++) {
                            double gij = g.get(b, i, j);
                            for (int c = 0; c < q.cols(); c++) {
                                dq.add(q.index(b, i, c), gij * k.get(b, j, c));
                                dk.add(k.index(b, j, c), gij * q.get(b, i, c));
                            }
                        }
                    }
                }
                return new AlignmentGradients(dq.build(), dk.build(), Parameters.empty());
            }

            @Override
            public OptionalDouble dotProductScale(int width) {
                return OptionalDouble.of(1);
            }
        };
    }

    /** Masked softmax over each row; fully masked rows are zero. */
    public static Distribution softmax() {
        return new Distribution() {
            @Override
            public Tensor weights(Tensor s, Mask mask) {
                Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
                for (int b = 0; b < s.batchSize(); b++) {
                    for (int i = 0; i < s.rows(); i++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < s.cols(); j++) {
                            if (mask.allows(b, i, j)) {
                                max = Math.max(max, s.get(b, i, j));
                            }
                        }
                        if (max == Double.NEGATIVE_INFINITY) {
                            continue;
                        }
                        double sum = 0;
                        for (int j = 0; j < s.cols(); j++) {
                            if (mask.allows(b, i, j)) {
                                sum += Math.exp(s.get(b, i, j) - max);
                            }
                        }
                        for (int j = 0; j < s.cols(); j++) {
                            if (mask.allows(b, i, j)) {
                                w.set(b, i, j, Math.exp(s.get(b, i, j) - max) / sum);
                            }
                        }
                    }
                }
                return w.build();
            }

            @Override
            public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
                Tensor.Builder ds = Tensor.builder(s.dtype(), s.shape());
                for (int b = 0; b < s.batchSize(); b++) {
                    for (int i = 0; i < s.rows(); i++) {
                        double dotWG = 0;
                        for (int j = 0; j < s.cols(); j++) {
                            dotWG += w.get(b, i, j) * g.get(b, i, j);
                        }
                        for (int j = 0; j < s.cols(); j++) {
                            ds.set(b, i, j, w.get(b, i, j) * (g.get(b, i, j) - dotWG));
                        }
                    }
                }
                return new DistributionGradients(ds.build(), Parameters.empty());
            }

            @Override
            public OptionalDouble softmaxTemperature() {
                return OptionalDouble.of(1);
            }
        };
    }

    private static void check(Tensor q, Tensor k) {
        if (q.batchSize() != k.batchSize() || q.cols() != k.cols()) {
            throw new ShapeException("dot needs equal batch and width: queries " + ShapeException.format(q.shape())
                    + ", keys " + ShapeException.format(k.shape()));
        }
    }

    private static int[] outShape(Tensor q, Tensor k) {
        int[] s = q.shape();
        s[s.length - 1] = k.rows();
        return s;
    }
}
