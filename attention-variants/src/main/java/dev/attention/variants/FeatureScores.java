package dev.attention.variants;

import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * DiSAN's multi-dimensional score (Shen et al. 2018): one score per feature of the values,
 * <pre>
 *   u_ij = W_1 q_i + W_2 k_j + b_1        [d_h]
 *   s_ij = W σ(u_ij) + b                   [d_v]
 * </pre>
 * with {@code W_1 [d_h, d_q]}, {@code W_2 [d_h, d_k]}, {@code b_1 [1, d_h]}, {@code W [d_v, d_h]},
 * {@code b [1, d_v]} and σ = ELU or tanh. Scores come as one {@code [batch…, n, m]} tensor per
 * feature, the shape a distribution normalises. Parameters are named locally as above. Immutable.
 */
final class FeatureScores {

    enum Activation {
        ELU, TANH;

        static Activation fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }

        double apply(double x) {
            return this == TANH ? Math.tanh(x) : x > 0 ? x : Math.expm1(x);
        }

        double derivative(double x) {
            if (this == TANH) {
                double t = Math.tanh(x);
                return 1 - t * t;
            }
            return x > 0 ? 1 : Math.exp(x);
        }
    }

    /** Gradients of the queries, keys and the five parameters (locally named). */
    record Gradients(Tensor queries, Tensor keys, Parameters parameters) {
    }

    private final Tensor w1;
    private final Tensor w2;
    private final Tensor b1;
    private final Tensor w;
    private final Tensor b;
    private final Activation activation;

    FeatureScores(Tensor w1, Tensor w2, Tensor b1, Tensor w, Tensor b, Activation activation) {
        this.w1 = w1;
        this.w2 = w2;
        this.b1 = b1;
        this.w = w;
        this.b = b;
        this.activation = activation;
    }

    /** d_v, the number of features scored. */
    int features() {
        return w.rows();
    }

    Activation activation() {
        return activation;
    }

    Parameters parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("W_1", w1);
        m.put("W_2", w2);
        m.put("b_1", b1);
        m.put("W", w);
        m.put("b", b);
        return Parameters.of(m);
    }

    FeatureScores withParameters(Parameters local) {
        return new FeatureScores(QualifiedParameters.replace(local, "W_1", w1), QualifiedParameters.replace(local, "W_2", w2),
                QualifiedParameters.replace(local, "b_1", b1), QualifiedParameters.replace(local, "W", w),
                QualifiedParameters.replace(local, "b", b), activation);
    }

    /** The scores of feature {@code c} at index {@code c}: {@code [batch…, n, m]} each. */
    Tensor[] scores(Tensor q, Tensor k) {
        Tensor a = LinearMaps.apply("queries", q, w1, b1);
        Tensor bk = LinearMaps.apply("keys", k, w2, null);
        int dv = features();
        int hidden = w.cols();
        int[] shape = q.shape();
        shape[shape.length - 1] = k.rows();
        Tensor.Builder[] out = new Tensor.Builder[dv];
        for (int c = 0; c < dv; c++) {
            out[c] = Tensor.builder(q.dtype(), shape);
        }
        double[] act = new double[hidden];
        for (int bt = 0; bt < q.batchSize(); bt++) {
            for (int i = 0; i < q.rows(); i++) {
                for (int j = 0; j < k.rows(); j++) {
                    for (int h = 0; h < hidden; h++) {
                        act[h] = activation.apply(a.get(bt, i, h) + bk.get(bt, j, h));
                    }
                    for (int c = 0; c < dv; c++) {
                        double s = b.at(c);
                        for (int h = 0; h < hidden; h++) {
                            s += w.get(c, h) * act[h];
                        }
                        out[c].set(bt, i, j, s);
                    }
                }
            }
        }
        Tensor[] scores = new Tensor[dv];
        for (int c = 0; c < dv; c++) {
            scores[c] = out[c].build();
        }
        return scores;
    }

    /** Backward of {@link #scores} given {@code dL/dscores} per feature; masked pairs contribute nothing. */
    Gradients backward(Tensor q, Tensor k, Tensor[] dScores, Mask mask) {
        Tensor a = LinearMaps.apply("queries", q, w1, b1);
        Tensor bk = LinearMaps.apply("keys", k, w2, null);
        int dv = features();
        int hidden = w.cols();
        int[] hiddenQ = q.shape();
        hiddenQ[hiddenQ.length - 1] = hidden;
        int[] hiddenK = k.shape();
        hiddenK[hiddenK.length - 1] = hidden;
        Tensor.Builder dA = Tensor.builder(q.dtype(), hiddenQ);
        Tensor.Builder dB = Tensor.builder(q.dtype(), hiddenK);
        double[] dW = new double[dv * hidden];
        double[] db = new double[dv];
        double[] db1 = new double[hidden];
        double[] u = new double[hidden];
        for (int bt = 0; bt < q.batchSize(); bt++) {
            for (int i = 0; i < q.rows(); i++) {
                for (int j = 0; j < k.rows(); j++) {
                    if (!mask.allows(bt, i, j)) {
                        continue;
                    }
                    for (int h = 0; h < hidden; h++) {
                        u[h] = a.get(bt, i, h) + bk.get(bt, j, h);
                    }
                    for (int h = 0; h < hidden; h++) {
                        double act = activation.apply(u[h]);
                        double dAct = 0;
                        for (int c = 0; c < dv; c++) {
                            double g = dScores[c].get(bt, i, j);
                            dW[c * hidden + h] += g * act;
                            dAct += g * w.get(c, h);
                        }
                        double du = dAct * activation.derivative(u[h]);
                        db1[h] += du;
                        dA.add(index(hiddenQ, bt, i, h), du);
                        dB.add(index(hiddenK, bt, j, h), du);
                    }
                    for (int c = 0; c < dv; c++) {
                        db[c] += dScores[c].get(bt, i, j);
                    }
                }
            }
        }
        Tensor gradA = dA.build();
        Tensor gradB = dB.build();
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("W_1", LinearMaps.weightGradient(gradA, q, w1.dtype()));
        m.put("W_2", LinearMaps.weightGradient(gradB, k, w2.dtype()));
        m.put("b_1", Tensor.of(b1.dtype(), b1.shape(), db1));
        m.put("W", Tensor.of(w.dtype(), w.shape(), dW));
        m.put("b", Tensor.of(b.dtype(), b.shape(), db));
        return new Gradients(LinearMaps.inputGradient(gradA, w1), LinearMaps.inputGradient(gradB, w2), Parameters.of(m));
    }

    /** Flat index of {@code (batch, row, col)} in a row-major tensor of {@code shape}. */
    private static int index(int[] shape, int batch, int row, int col) {
        int rows = shape[shape.length - 2];
        int cols = shape[shape.length - 1];
        return (batch * rows + row) * cols + col;
    }
}
