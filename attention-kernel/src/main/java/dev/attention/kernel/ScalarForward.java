package dev.attention.kernel;

import java.util.Arrays;

/**
 * One worker of the forward pass without the Vector API: the same tasks, key blocks and online
 * softmax as the SIMD workers, in plain double loops over double copies of the operands (float32
 * operands are widened once). Scratch is allocated once per worker and reused for every task.
 *
 * <p>Per row and key block: dot products of the folded query with the visible keys (four keys per
 * pass, each sum over {@code c} in order), the extras, the block maximum, {@code exp(z − max)}, the
 * rescale {@code exp(m_old − m_new)} of the running sum and accumulator, then the weighted values.
 */
final class ScalarForward implements KernelExecutor.Worker {
    private final ForwardPass p;
    private final double[] q;
    private final double[] k;
    private final double[] v;
    private final double[] qs;
    private final double[] z;
    private final double[] acc;
    private final double[] max;
    private final double[] sum;
    private final int[] from;
    private final int[] to;

    ScalarForward(ForwardPass p, double[] q, double[] k, double[] v) {
        this.p = p;
        this.q = q;
        this.k = k;
        this.v = v;
        int rows = Math.min(p.queryBlock, p.n);
        this.qs = new double[rows * p.d];
        this.z = new double[p.keyBlock];
        this.acc = new double[rows * p.dv];
        this.max = new double[rows];
        this.sum = new double[rows];
        this.from = new int[rows];
        this.to = new int[rows];
    }

    @Override
    public void run(int task) {
        int b = p.batchOf(task);
        int h = p.headOf(task);
        int g = p.spec.kvHead(h);
        int i0 = p.firstRowOf(task);
        int rows = Math.min(p.queryBlock, p.n - i0);
        int real = Math.max(0, Math.min(rows, p.shape.queryLength(b) - i0));
        int d = p.d;
        int dv = p.dv;
        Arrays.fill(max, 0, rows, Double.NEGATIVE_INFINITY);
        Arrays.fill(sum, 0, rows, 0);
        Arrays.fill(acc, 0, rows * dv, 0);
        for (int r = 0; r < real; r++) {
            from[r] = p.shape.from(b, i0 + r);
            to[r] = p.shape.to(b, i0 + r);
            int qi = p.shape.query(b, h, i0 + r);
            for (int c = 0; c < d; c++) {
                qs[r * d + c] = q[qi + c] * p.queryFactor;
            }
        }
        int lo = real > 0 ? from[0] : 0;
        int hi = real > 0 ? to[real - 1] : 0;
        for (int j0 = lo / p.keyBlock * p.keyBlock; j0 < hi; j0 += p.keyBlock) {
            if (!p.anyKept(b, j0 / p.keyBlock)) {
                continue;
            }
            int j1 = Math.min(hi, j0 + p.keyBlock);
            for (int r = 0; r < real; r++) {
                step(b, h, g, i0 + r, r, Math.max(j0, from[r]), Math.min(j1, to[r]));
            }
        }
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            double l = sum[r];
            p.lse[p.shape.row(b, h, i)] = l > 0 ? max[r] + Math.log(l) : Double.NEGATIVE_INFINITY;
            double inv = l > 0 ? 1 / l : 0;
            int o = p.shape.output(b, h, i);
            for (int c = 0; c < dv; c++) {
                p.out.set(o + c, acc[r * dv + c] * inv);
            }
        }
        if (p.weights != null) {
            for (int r = 0; r < real; r++) {
                weights(b, h, g, i0 + r, r);
            }
        }
    }

    /** {@code z[j − lo] = logit(i, j)} for keys {@code lo ≤ j < hi}. */
    private void logits(int b, int h, int g, int i, int r, int lo, int hi) {
        int d = p.d;
        int qi = r * d;
        int j = lo;
        for (; j + 3 < hi; j += 4) {
            int k0 = p.shape.key(b, g, j);
            int k1 = p.shape.key(b, g, j + 1);
            int k2 = p.shape.key(b, g, j + 2);
            int k3 = p.shape.key(b, g, j + 3);
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int c = 0; c < d; c++) {
                double x = qs[qi + c];
                s0 += x * k[k0 + c];
                s1 += x * k[k1 + c];
                s2 += x * k[k2 + c];
                s3 += x * k[k3 + c];
            }
            z[j - lo] = s0;
            z[j - lo + 1] = s1;
            z[j - lo + 2] = s2;
            z[j - lo + 3] = s3;
        }
        for (; j < hi; j++) {
            int kj = p.shape.key(b, g, j);
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += qs[qi + c] * k[kj + c];
            }
            z[j - lo] = s;
        }
        if (p.extras) {
            p.extras(z, -lo, b, h, i, lo, hi, false);
        }
    }

    /** Folds keys {@code [lo, hi)} into row {@code i}'s running maximum, sum and accumulator. */
    private void step(int b, int h, int g, int i, int r, int lo, int hi) {
        if (lo >= hi) {
            return;
        }
        logits(b, h, g, i, r, lo, hi);
        int count = hi - lo;
        double blockMax = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < count; t++) {
            blockMax = Math.max(blockMax, z[t]);
        }
        double mOld = max[r];
        double mNew = Math.max(mOld, blockMax);
        if (mNew == Double.NEGATIVE_INFINITY) {
            // Every key so far hidden (mask or −∞ bias): nothing to add, and z − max would be NaN.
            return;
        }
        double blockSum = 0;
        for (int t = 0; t < count; t++) {
            z[t] = Math.exp(z[t] - mNew);
            blockSum += z[t];
        }
        int dv = p.dv;
        if (mNew > mOld) {
            // exp(−∞) = 0 on the first block: the empty accumulator is simply replaced.
            double alpha = Math.exp(mOld - mNew);
            sum[r] *= alpha;
            for (int c = r * dv; c < (r + 1) * dv; c++) {
                acc[c] *= alpha;
            }
            max[r] = mNew;
        }
        sum[r] += blockSum;
        if (p.dropout != null) {
            p.drop(z, -lo, b, h, i, lo, hi);
        }
        int a = r * dv;
        for (int j = lo; j < hi; j++) {
            double w = z[j - lo];
            if (w == 0) {
                continue;
            }
            int vj = p.shape.value(b, g, j);
            for (int c = 0; c < dv; c++) {
                acc[a + c] += w * v[vj + c];
            }
        }
    }

    /** Row {@code i}'s weights {@code exp(z − max)/sum · dropout}, block by block in the forward pass's arithmetic. */
    private void weights(int b, int h, int g, int i, int r) {
        double l = sum[r];
        if (!(l > 0)) {
            return;
        }
        double inv = 1 / l;
        double mx = max[r];
        int w0 = p.shape.weight(b, h, i);
        for (int j0 = from[r] / p.keyBlock * p.keyBlock; j0 < to[r]; j0 += p.keyBlock) {
            int lo = Math.max(j0, from[r]);
            int hi = Math.min(to[r], j0 + p.keyBlock);
            logits(b, h, g, i, r, lo, hi);
            for (int j = lo; j < hi; j++) {
                z[j - lo] = Math.exp(z[j - lo] - mx) * inv;
            }
            if (p.dropout != null) {
                p.drop(z, -lo, b, h, i, lo, hi);
            }
            for (int j = lo; j < hi; j++) {
                p.weights.set(w0 + j, z[j - lo]);
            }
        }
    }
}
