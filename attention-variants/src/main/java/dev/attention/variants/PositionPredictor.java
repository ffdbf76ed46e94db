package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * local-p's predicted position of each query (Luong et al. 2015, eq. 9):
 * {@code p_i = S · sigmoid(v_pᵀ tanh(W_p q_i))}, {@code S} the number of real keys, with
 * learnable {@value #W} {@code [hidden, d_q]} and {@value #V} {@code [1, hidden]}. Immutable.
 */
final class PositionPredictor {
    static final String W = "W_p";
    static final String V = "v_p";

    private final Tensor w;
    private final Tensor v;

    PositionPredictor(Tensor w, Tensor v) {
        if (v.rank() != 2 || w.rank() != 2 || v.rows() != 1 || v.cols() != w.rows()) {
            throw new ShapeException("local-p needs " + W + " [hidden, d_q] and " + V + " [1, hidden], got "
                    + ShapeException.format(w.shape()) + " and " + ShapeException.format(v.shape()));
        }
        this.w = w;
        this.v = v;
    }

    /**
     * Xavier (Glorot) uniform initialisation: {@code W_p} from {@code U(±√(6 / (d_q + hidden)))}, then
     * {@code v_p} from {@code U(±√(6 / (hidden + 1)))}, both row-major from {@code random}.
     */
    static PositionPredictor xavier(int hidden, int queryWidth, Random random, DType dtype) {
        return new PositionPredictor(LinearMaps.xavierUniform(random, dtype, hidden, queryWidth),
                LinearMaps.xavierUniform(random, dtype, 1, hidden));
    }

    Parameters parameters() {
        return Parameters.of(orderedMap(w, v));
    }

    /**
     * A copy with some of {@value #W} and {@value #V} replaced (locally named).
     *
     * @throws ShapeException for a shape that differs from the current one
     */
    PositionPredictor with(Parameters local) {
        Tensor nw = local.find(W).orElse(w);
        Tensor nv = local.find(V).orElse(v);
        requireSameShape(W, w, nw);
        requireSameShape(V, v, nv);
        return new PositionPredictor(nw, nv);
    }

    /** {@code [batch…, n, 1]} centres; padded query rows get 0 and are never read. */
    Tensor centres(QkvBinding in) {
        requireWidth(in.queries);
        Tensor q = in.queries;
        Tensor.Builder p = Tensor.builder(q.dtype(), in.perQuery(1));
        double[] h = new double[w.rows()];
        for (int b = 0; b < q.batchSize(); b++) {
            for (int i = 0; i < q.rows(); i++) {
                if (in.realQuery(b, i)) {
                    p.set(b, i, 0, in.realKeys(b) * sigmoid(hidden(q, b, i, h)));
                }
            }
        }
        return p.build();
    }

    /** Gradients of the queries and of the (locally named) parameters, given {@code dL/dp}. */
    record Gradients(Tensor queries, Parameters parameters) {
    }

    Gradients backward(QkvBinding in, Tensor centreGradient) {
        requireWidth(in.queries);
        Tensor q = in.queries;
        int hidden = w.rows();
        int dq = w.cols();
        Tensor.Builder gq = Tensor.builder(q.dtype(), q.shape());
        double[] gw = new double[hidden * dq];
        double[] gv = new double[hidden];
        double[] h = new double[hidden];
        for (int b = 0; b < q.batchSize(); b++) {
            for (int i = 0; i < q.rows(); i++) {
                if (!in.realQuery(b, i)) {
                    continue; // p is the constant 0 there
                }
                double s = sigmoid(hidden(q, b, i, h));
                // p = S·σ(z) ⇒ dp/dz = S·σ(z)(1 − σ(z)); z = v·h; h = tanh(a); a = W q.
                double dz = centreGradient.get(b, i, 0) * in.realKeys(b) * s * (1 - s);
                for (int r = 0; r < hidden; r++) {
                    gv[r] += dz * h[r];
                    double da = dz * v.at(r) * (1 - h[r] * h[r]);
                    for (int c = 0; c < dq; c++) {
                        gw[r * dq + c] += da * q.get(b, i, c);
                        gq.add(q.index(b, i, c), da * w.at(r * dq + c));
                    }
                }
            }
        }
        return new Gradients(gq.build(), Parameters.of(orderedMap(
                Tensor.of(w.dtype(), w.shape(), gw), Tensor.of(v.dtype(), v.shape(), gv))));
    }

    /** Fills {@code h = tanh(W_p q_i)} and returns {@code z = v_pᵀ h}; kept in double throughout. */
    private double hidden(Tensor q, int b, int i, double[] h) {
        LinearMaps.applyRow(q, b, i, w, null, h);
        double z = 0;
        for (int r = 0; r < h.length; r++) {
            h[r] = Math.tanh(h[r]);
            z += v.at(r) * h[r];
        }
        return z;
    }

    private void requireWidth(Tensor q) {
        if (q.cols() != w.cols()) {
            throw new ShapeException("local-p's " + W + " " + ShapeException.format(w.shape())
                    + " was sized for queries of width " + w.cols() + ", got queries "
                    + ShapeException.format(q.shape()));
        }
    }

    /** A sigmoid that never overflows: {@code exp} only of non-positive numbers. */
    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    private static Map<String, Tensor> orderedMap(Tensor w, Tensor v) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put(W, w);
        m.put(V, v);
        return m;
    }

    private static void requireSameShape(String name, Tensor current, Tensor given) {
        if (!Arrays.equals(current.shape(), given.shape())) {
            throw new ShapeException("variant." + name + " has shape " + ShapeException.format(current.shape())
                    + ", got " + ShapeException.format(given.shape()));
        }
    }
}
