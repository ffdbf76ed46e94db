package dev.attention.core.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/** {@link Operands} over {@code float[]} copies of float32 tensors. */
final class FloatOperands extends Operands {
    // Read directly by SimdFloatTile, the vector path over the same copies.
    final float[] q;
    final float[] k;
    final float[] v;

    FloatOperands(Tensor queries, Tensor keys, Tensor values) {
        super(queries, keys, values);
        q = copy(queries);
        k = copy(keys);
        v = copy(values);
    }

    private static float[] copy(Tensor t) {
        float[] a = new float[t.size()];
        t.floatBuffer().get(a);
        return a;
    }

    @Override
    DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    void dots(int b, int i, int from, int to, double[] out, int at) {
        int qi = (b * n + i) * d;
        int kb = b * m * d;
        int j = from;
        // Four keys per pass: four independent sums hide the add latency and each query element is
        // loaded once for all four. Each sum still runs over c in order, as the plugins' does.
        for (; j + 3 < to; j += 4) {
            int k0 = kb + j * d;
            int k1 = k0 + d;
            int k2 = k1 + d;
            int k3 = k2 + d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int c = 0; c < d; c++) {
                double x = q[qi + c];
                s0 += x * k[k0 + c];
                s1 += x * k[k1 + c];
                s2 += x * k[k2 + c];
                s3 += x * k[k3 + c];
            }
            int o = at + j - from;
            out[o] = s0;
            out[o + 1] = s1;
            out[o + 2] = s2;
            out[o + 3] = s3;
        }
        for (; j < to; j++) {
            int kj = kb + j * d;
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += (double) q[qi + c] * k[kj + c];
            }
            out[at + j - from] = s;
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
