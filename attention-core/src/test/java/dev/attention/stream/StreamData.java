package dev.attention.stream;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import java.util.Random;

/** Random rows, one engine for all stream tests, and the batch run to compare with. */
final class StreamData {
    static final AttentionEngine ENGINE = Attention.engine();

    private StreamData() {
    }

    /** {@code rows × cols} uniform in [−2, 2). */
    static double[][] rows(Random r, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int c = 0; c < cols; c++) {
                row[c] = 4 * r.nextDouble() - 2;
            }
        }
        return x;
    }

    static Tensor tensor(double[][] rows, int cols) {
        return rows.length == 0 ? Tensor.zeros(DType.FLOAT64, 0, cols) : Tensor.matrix(DType.FLOAT64, rows);
    }

    /** The batch output of a queries/keys/values pipeline. */
    static Tensor batch(Pipeline p, double[][] q, double[][] k, double[][] v) {
        return p.run(AttentionInputs.builder().put("queries", tensor(q, q[0].length))
                .put("keys", tensor(k, k[0].length)).put("values", tensor(v, v[0].length)).build()).output();
    }

    /** The batch output of a self-attention pipeline. */
    static Tensor batchSelf(Pipeline p, double[][] x) {
        return p.run(AttentionInputs.builder().put("sequence", tensor(x, x[0].length)).build()).output();
    }

    static double[] row(Tensor t, int i) {
        double[] r = new double[t.cols()];
        t.copyRow(0, i, r);
        return r;
    }
}
