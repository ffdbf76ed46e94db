package dev.attention.core.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/** {@link Operands} over {@code double[]} copies of float64 tensors. */
final class DoubleOperands extends Operands {
    private final double[] q;
    private final double[] k;
    private final double[] v;

    DoubleOperands(Tensor queries, Tensor keys, Tensor values) {
        super(queries, keys, values);
        q = copy(queries);
        k = copy(keys);
        v = copy(values);
    }

    private static double[] copy(Tensor t) {
        double[] a = new double[t.size()];
        t.doubleBuffer().get(a);
        return a;
    }

    @Override
    DType dtype() {
        return DType.FLOAT64;
    }

    @Override
    void dots(int b, int i, int from, int to, double[] out, int at) {
        int qi = (b * n + i) * d;
        int kb = b * m * d;
        int d4 = d & ~3;
        for (int j = from; j < to; j++) {
            int kj = kb + j * d;
            // Four partial sums break the add chain's latency; the order is fixed, so still deterministic.
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int c = 0;
            for (; c < d4; c += 4) {
                s0 += q[qi + c] * k[kj + c];
                s1 += q[qi + c + 1] * k[kj + c + 1];
                s2 += q[qi + c + 2] * k[kj + c + 2];
                s3 += q[qi + c + 3] * k[kj + c + 3];
            }
            for (; c < d; c++) {
                s0 += q[qi + c] * k[kj + c];
            }
            out[at + j - from] = (s0 + s1) + (s2 + s3);
        }
    }

    @Override
    void accumulate(int b, int from, int to, double[] p, int pAt, double[] acc, int accAt) {
        int vb = b * m * dv;
        for (int j = from; j < to; j++) {
            double w = p[pAt + j - from];
            int vj = vb + j * dv;
            for (int c = 0; c < dv; c++) {
                acc[accAt + c] += w * v[vj + c];
            }
        }
    }
}
