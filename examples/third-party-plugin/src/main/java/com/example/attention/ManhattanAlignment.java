package com.example.attention;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;

/** {@code s_ij = −Σ_c |q_ic − k_jc|}; its gradient is {@code −sign(q − k)} (0 at the kink). */
final class ManhattanAlignment implements Alignment {

    @Override
    public Tensor scores(Tensor q, Tensor k) {
        check(q, k);
        int[] shape = q.shape();
        shape[shape.length - 1] = k.rows();
        Tensor.Builder s = Tensor.builder(q.dtype(), shape);
        for (int b = 0; b < q.batchSize(); b++) {
            for (int i = 0; i < q.rows(); i++) {
                for (int j = 0; j < k.rows(); j++) {
                    double d = 0;
                    for (int c = 0; c < q.cols(); c++) {
                        d += Math.abs(q.get(b, i, c) - k.get(b, j, c));
                    }
                    s.set(b, i, j, -d);
                }
            }
        }
        return s.build();
    }

    @Override
    public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
        check(q, k);
        Tensor.Builder dq = Tensor.builder(q.dtype(), q.shape());
        Tensor.Builder dk = Tensor.builder(k.dtype(), k.shape());
        for (int b = 0; b < q.batchSize(); b++) {
            for (int i = 0; i < q.rows(); i++) {
                for (int j = 0; j < k.rows(); j++) {
                    double gij = g.get(b, i, j);
                    for (int c = 0; c < q.cols(); c++) {
                        double sign = Math.signum(q.get(b, i, c) - k.get(b, j, c));
                        dq.add(q.index(b, i, c), -gij * sign);
                        dk.add(k.index(b, j, c), gij * sign);
                    }
                }
            }
        }
        return new AlignmentGradients(dq.build(), dk.build(), Parameters.empty());
    }

    private static void check(Tensor q, Tensor k) {
        if (q.rank() != k.rank() || q.batchSize() != k.batchSize() || q.cols() != k.cols()) {
            throw new ShapeException("manhattan needs queries and keys of one batch and width: queries "
                    + ShapeException.format(q.shape()) + ", keys " + ShapeException.format(k.shape()));
        }
    }
}
