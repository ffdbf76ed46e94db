package dev.attention.stream;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;

/**
 * The path for distributions that need a whole row: weights {@code f(scores)} over a block of stored
 * keys, then {@code Σ_j w_j V_j} accumulated in double.
 */
final class Weighting {
    private Weighting() {
    }

    /**
     * @param scores one score per key {@code from, from+1, …}
     * @param values the stored values; rows {@code from .. from + scores.length − 1} are read
     */
    static Attended attend(Distribution f, DType dtype, double[] scores, Rows values, int from) {
        double[] out = new double[values.width()];
        if (scores.length == 0) {
            return new Attended(out, new double[0]);
        }
        Tensor w = f.weights(Tensor.of(dtype, new int[] {1, scores.length}, scores), Mask.all());
        double[] v = new double[values.width()];
        for (int j = 0; j < scores.length; j++) {
            double wj = w.at(j);
            if (wj == 0) {
                continue;
            }
            values.copy(from + j, v);
            for (int c = 0; c < out.length; c++) {
                out[c] += wj * v[c];
            }
        }
        for (double x : out) {
            if (!Double.isFinite(x)) {
                throw new AttentionException("the stream produced a non-finite output; check the inputs' scale"
                        + " or use a max-subtracted distribution such as softmax");
            }
        }
        return new Attended(out, w.toDoubleArray());
    }

    /** An answer's output row and the weights that made it. */
    record Attended(double[] output, double[] weights) {
    }
}
