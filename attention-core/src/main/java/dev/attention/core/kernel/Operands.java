package dev.attention.core.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/**
 * Queries, keys and values copied once into working arrays of their own type, with the two loops
 * that touch them: query·key dot products and the weighted sum of value rows. Everything else in
 * the kernel works on double scratch, so only these loops exist per type.
 *
 * <p>Both loops accumulate in double whatever the storage: the softmax exponentiates the scores,
 * which turns an absolute score error into a relative weight error, and the general path
 * (alignment plugins) sums in double too. Without SIMD, scalar double arithmetic costs the same
 * as float; float storage still halves memory and bandwidth.
 */
abstract class Operands {
    final int batch;
    final int n;
    final int m;
    final int d;
    final int dv;

    Operands(Tensor q, Tensor k, Tensor v) {
        this.batch = q.batchSize();
        this.n = q.rows();
        this.m = k.rows();
        this.d = q.cols();
        this.dv = v.cols();
    }

    /** Working copies in the queries' type; keys and values are converted to it first. */
    static Operands of(Tensor q, Tensor k, Tensor v) {
        return q.dtype() == DType.FLOAT32 ? new FloatOperands(q, k.to(DType.FLOAT32), v.to(DType.FLOAT32))
                : new DoubleOperands(q, k.to(DType.FLOAT64), v.to(DType.FLOAT64));
    }

    abstract DType dtype();

    /** {@code out[at + (j − from)] = q[b, i] · k[b, j]} for keys {@code from ≤ j < to}. */
    abstract void dots(int b, int i, int from, int to, double[] out, int at);

    /** {@code acc[accAt + c] += Σ_{from ≤ j < to} p[pAt + (j − from)] · v[b, j, c]}. */
    abstract void accumulate(int b, int from, int to, double[] p, int pAt, double[] acc, int accAt);
}
