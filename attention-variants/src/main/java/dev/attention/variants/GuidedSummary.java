package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of alternating co-attention (Lu et al. 2016, eq. 3): a sequence {@code X [batch…, m, d_x]}
 * summarised under a guide {@code g [batch…, 1, d_g]},
 * <pre>
 *   H = tanh(X W_xᵀ + 1 (g W_gᵀ))     [batch…, m, k];  W_x [k, d_x], W_g [k, d_g]
 *   a = f(a(H, w))                    [batch…, 1, m];  w [1, k]
 *   x̂ = Σ_j a_j X_j                   [batch…, 1, d_x]
 * </pre>
 * The first step has no guide ({@code g = 0}, no {@code W_g}). Parameters are named with the step's
 * number: {@code W_x1}, {@code w1}; {@code W_x2}, {@code W_g2}, {@code w2}; ….
 */
record GuidedSummary(int step, Tensor wx, Tensor wg, Tensor w) {

    /** The step's intermediates. */
    record Pass(Tensor h, Tensor q, Attend.Forward attention) {
    }

    /** Gradients of the sequence, the guide (null without one) and the parameters (local names). */
    record Gradients(Tensor x, Tensor guide, Parameters own, Parameters alignment, Parameters distribution) {
    }

    Pass forward(Alignment a, Distribution f, Tensor x, Mask mask, Tensor guide) {
        Tensor z = LinearMaps.apply("sequence", x, wx, null);
        if (wg != null) {
            z = TensorSums.sum(z, rowsOf(LinearMaps.apply("guide", guide.to(x.dtype()), wg, null), z));
        }
        Tensor h = BatchMatrices.tanh(z);
        Tensor q = ContextQuery.broadcast(w, x);
        return new Pass(h, q, Attend.forward(a, f, q, h, x, mask));
    }

    Gradients backward(Alignment a, Distribution f, Tensor x, Mask mask, Tensor guide, Pass p, Tensor dOut,
            Tensor dWeights) {
        Attend.Backward g = Attend.backward(a, f, p.q(), p.h(), x, mask, p.attention(), dOut, dWeights);
        Tensor dz = BatchMatrices.tanhGradient(p.h(), g.keys());
        Map<String, Tensor> own = new LinkedHashMap<>();
        own.put("W_x" + step, LinearMaps.weightGradient(dz, x, wx.dtype()));
        Tensor dGuide = null;
        if (wg != null) {
            // The guide's map is added to every row: its gradient sums the rows.
            Tensor dgw = rowSums(dz);
            own.put("W_g" + step, LinearMaps.weightGradient(dgw, guide, wg.dtype()));
            dGuide = LinearMaps.inputGradient(dgw, wg);
        }
        own.put("w" + step, ContextQuery.gradient(g.queries(), w.dtype()));
        Tensor dx = TensorSums.sum(g.values(), LinearMaps.inputGradient(dz, wx));
        return new Gradients(dx, dGuide, Parameters.of(own), g.alignment(), g.distribution());
    }

    Parameters named() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("W_x" + step, wx);
        if (wg != null) {
            m.put("W_g" + step, wg);
        }
        m.put("w" + step, w);
        return Parameters.of(m);
    }

    GuidedSummary with(Parameters local) {
        return new GuidedSummary(step, QualifiedParameters.replace(local, "W_x" + step, wx),
                wg == null ? null : QualifiedParameters.replace(local, "W_g" + step, wg),
                QualifiedParameters.replace(local, "w" + step, w));
    }

    /** {@code row [batch…, 1, k]} repeated over the rows of {@code like [batch…, m, k]}. */
    private static Tensor rowsOf(Tensor row, Tensor like) {
        Tensor.Builder out = Tensor.builder(like.dtype(), like.shape());
        for (int b = 0; b < like.batchSize(); b++) {
            for (int i = 0; i < like.rows(); i++) {
                for (int c = 0; c < like.cols(); c++) {
                    out.set(b, i, c, row.get(b, 0, c));
                }
            }
        }
        return out.build();
    }

    /** {@code [batch…, m, k]} → {@code [batch…, 1, k]}, summed over rows. */
    private static Tensor rowSums(Tensor t) {
        int[] shape = t.shape();
        shape[shape.length - 2] = 1;
        Tensor.Builder out = Tensor.builder(t.dtype(), shape);
        for (int b = 0; b < t.batchSize(); b++) {
            for (int c = 0; c < t.cols(); c++) {
                double acc = 0;
                for (int i = 0; i < t.rows(); i++) {
                    acc += t.get(b, i, c);
                }
                out.set(b, 0, c, acc);
            }
        }
        return out.build();
    }
}
