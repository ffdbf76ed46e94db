package dev.attention.kernel;

import java.util.Arrays;

/**
 * One worker of the forward pass without the Vector API: the same tasks, key blocks and online
 * softmax as the SIMD workers, in plain double loops over double copies of the operands (float32
 * operands are widened once). Scratch is allocated once per worker and reused for every task.
 *
 * <p>Per row and key block: dot products of the folded query with the visible keys (each sum over
 * {@code c} in order), the extras, the block maximum, {@code exp(z − max)}, the rescale
 * {@code exp(m_old − m_new)} of the running sum and accumulator, then the weighted values (each
 * accumulator element summed over the keys in order).
 *
 * <p>Rows go {@value #TILE} at a time through a key block when they see the same keys in it (all rows
 * of plain attention, the blocks of causal or windowed attention away from the edge): a 4 × 4
 * register tile of sums for the dot products and for the weighted values, 8 loads per 16
 * multiply-adds instead of 5 per 4 and 2 per 1. The tile does every row's arithmetic in the same
 * order as the row-by-row step, so it gives the same bits ({@code ScalarTileTest}); it only reuses
 * loads. Rows of a tile whose ranges differ, and the last rows of a block, go row by row.
 */
final class ScalarForward implements KernelExecutor.Worker {
    /** Query rows per register tile. */
    static final int TILE = 4;

    private final ForwardPass p;
    private final boolean tiles;
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
        this(p, q, k, v, true);
    }

    /** @param tiles whether rows may go {@value #TILE} at a time (false only to compare the two in tests) */
    ScalarForward(ForwardPass p, double[] q, double[] k, double[] v, boolean tiles) {
        this.p = p;
        this.tiles = tiles;
        this.q = q;
        this.k = k;
        this.v = v;
        int rows = Math.min(p.queryBlock, p.n);
        this.qs = new double[rows * p.d];
        this.z = new double[TILE * p.keyBlock];
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
            int r = 0;
            if (tiles) {
                for (; r + TILE <= real; r += TILE) {
                    int a = Math.max(j0, from[r]);
                    int e = Math.min(j1, to[r]);
                    if (a < e && sameRange(r, j0, j1, a, e)) {
                        stepTile(b, h, g, i0 + r, r, a, e);
                    } else {
                        for (int t = r; t < r + TILE; t++) {
                            step(b, h, g, i0 + t, t, Math.max(j0, from[t]), Math.min(j1, to[t]));
                        }
                    }
                }
            }
            for (; r < real; r++) {
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
        if (fold(b, h, i, r, 0, lo, hi)) {
            valuesRow(b, g, r, 0, lo, hi);
        }
    }

    /**
     * The online-softmax step of row {@code r} (query row {@code i}) for its logits
     * {@code z[base + j − lo]}, keys {@code [lo, hi)}: the running maximum, the rescale
     * {@code exp(m_old − m_new)} of its sum and accumulator, the block's sum; the logits become the
     * block's weights {@code exp(z − max)} (times their dropout factor). False when every key so far
     * is hidden (mask or −∞ bias): nothing to add, and {@code z − max} would be NaN.
     */
    private boolean fold(int b, int h, int i, int r, int base, int lo, int hi) {
        int count = hi - lo;
        double blockMax = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < count; t++) {
            blockMax = Math.max(blockMax, z[base + t]);
        }
        double mOld = max[r];
        double mNew = Math.max(mOld, blockMax);
        if (mNew == Double.NEGATIVE_INFINITY) {
            return false;
        }
        double blockSum = 0;
        for (int t = 0; t < count; t++) {
            z[base + t] = Math.exp(z[base + t] - mNew);
            blockSum += z[base + t];
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
            p.drop(z, base - lo, b, h, i, lo, hi);
        }
        return true;
    }

    /** Whether rows {@code r .. r + TILE − 1} all see keys {@code [lo, hi)} of block {@code [j0, j1)}. */
    private boolean sameRange(int r, int j0, int j1, int lo, int hi) {
        for (int t = r + 1; t < r + TILE; t++) {
            if (Math.max(j0, from[t]) != lo || Math.min(j1, to[t]) != hi) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #step} for rows {@code r .. r + 3} (query rows {@code i .. i + 3}) over the same keys
     * {@code [lo, hi)}; row {@code t}'s logits sit at {@code z[t·keyBlock + j − lo]}.
     */
    private void stepTile(int b, int h, int g, int i, int r, int lo, int hi) {
        int kb = p.keyBlock;
        logitsTile(b, g, r, lo, hi);
        int count = hi - lo;
        boolean zeros = false;
        int live = 0;
        for (int t = 0; t < TILE; t++) {
            int base = t * kb;
            if (p.extras) {
                p.extras(z, base - lo, b, h, i + t, lo, hi, false);
            }
            if (!fold(b, h, i + t, r + t, base, lo, hi)) {
                // As in step: nothing to add; the row's weights stay out of the tile's sums below.
                Arrays.fill(z, base, base + count, 0);
                zeros = true;
                continue;
            }
            live++;
            for (int u = 0; u < count && !zeros; u++) {
                zeros = z[base + u] == 0;
            }
        }
        if (live == 0) {
            return;
        }
        if (zeros) {
            // step skips zero weights (a hidden key's value may be anything): row by row here too.
            for (int t = 0; t < TILE; t++) {
                valuesRow(b, g, r + t, t * kb, lo, hi);
            }
        } else {
            valuesTile(b, g, r, lo, hi);
        }
    }

    /** {@code acc[row] += Σ_j w_j · v_j} over keys {@code [lo, hi)}, skipping zero weights (a hidden key's value may be anything). */
    private void valuesRow(int b, int g, int row, int base, int lo, int hi) {
        int dv = p.dv;
        int a = row * dv;
        for (int j = lo; j < hi; j++) {
            double w = z[base + j - lo];
            if (w == 0) {
                continue;
            }
            int vj = p.shape.value(b, g, j);
            for (int c = 0; c < dv; c++) {
                acc[a + c] += w * v[vj + c];
            }
        }
    }

    /** Four rows' dot products with keys {@code [lo, hi)}: 4 × 4 sums per pass over {@code c}, each in order. */
    private void logitsTile(int b, int g, int r, int lo, int hi) {
        int d = p.d;
        int kb = p.keyBlock;
        int q0 = r * d;
        int q1 = q0 + d;
        int q2 = q1 + d;
        int q3 = q2 + d;
        int j = lo;
        for (; j + 3 < hi; j += 4) {
            int k0 = p.shape.key(b, g, j);
            int k1 = p.shape.key(b, g, j + 1);
            int k2 = p.shape.key(b, g, j + 2);
            int k3 = p.shape.key(b, g, j + 3);
            double s00 = 0;
            double s01 = 0;
            double s02 = 0;
            double s03 = 0;
            double s10 = 0;
            double s11 = 0;
            double s12 = 0;
            double s13 = 0;
            double s20 = 0;
            double s21 = 0;
            double s22 = 0;
            double s23 = 0;
            double s30 = 0;
            double s31 = 0;
            double s32 = 0;
            double s33 = 0;
            for (int c = 0; c < d; c++) {
                double y0 = k[k0 + c];
                double y1 = k[k1 + c];
                double y2 = k[k2 + c];
                double y3 = k[k3 + c];
                double x = qs[q0 + c];
                s00 += x * y0;
                s01 += x * y1;
                s02 += x * y2;
                s03 += x * y3;
                x = qs[q1 + c];
                s10 += x * y0;
                s11 += x * y1;
                s12 += x * y2;
                s13 += x * y3;
                x = qs[q2 + c];
                s20 += x * y0;
                s21 += x * y1;
                s22 += x * y2;
                s23 += x * y3;
                x = qs[q3 + c];
                s30 += x * y0;
                s31 += x * y1;
                s32 += x * y2;
                s33 += x * y3;
            }
            int o = j - lo;
            z[o] = s00;
            z[o + 1] = s01;
            z[o + 2] = s02;
            z[o + 3] = s03;
            o += kb;
            z[o] = s10;
            z[o + 1] = s11;
            z[o + 2] = s12;
            z[o + 3] = s13;
            o += kb;
            z[o] = s20;
            z[o + 1] = s21;
            z[o + 2] = s22;
            z[o + 3] = s23;
            o += kb;
            z[o] = s30;
            z[o + 1] = s31;
            z[o + 2] = s32;
            z[o + 3] = s33;
        }
        for (; j < hi; j++) {
            int kj = p.shape.key(b, g, j);
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int c = 0; c < d; c++) {
                double y = k[kj + c];
                s0 += qs[q0 + c] * y;
                s1 += qs[q1 + c] * y;
                s2 += qs[q2 + c] * y;
                s3 += qs[q3 + c] * y;
            }
            int o = j - lo;
            z[o] = s0;
            z[o + kb] = s1;
            z[o + 2 * kb] = s2;
            z[o + 3 * kb] = s3;
        }
    }

    /**
     * Four rows' {@code acc += Σ_j w_j · v_j} over keys {@code [lo, hi)}, no weight zero: 4 rows × 4
     * columns of sums in registers per pass over the keys, each element's sum over {@code j} in order.
     */
    private void valuesTile(int b, int g, int r, int lo, int hi) {
        int dv = p.dv;
        int kb = p.keyBlock;
        int a0 = r * dv;
        int a1 = a0 + dv;
        int a2 = a1 + dv;
        int a3 = a2 + dv;
        int count = hi - lo;
        // Consecutive keys' values are valueStride apart in either head layout.
        int v0 = p.shape.value(b, g, lo);
        int vs = p.valueStride;
        int c = 0;
        for (; c + 3 < dv; c += 4) {
            double s00 = acc[a0 + c];
            double s01 = acc[a0 + c + 1];
            double s02 = acc[a0 + c + 2];
            double s03 = acc[a0 + c + 3];
            double s10 = acc[a1 + c];
            double s11 = acc[a1 + c + 1];
            double s12 = acc[a1 + c + 2];
            double s13 = acc[a1 + c + 3];
            double s20 = acc[a2 + c];
            double s21 = acc[a2 + c + 1];
            double s22 = acc[a2 + c + 2];
            double s23 = acc[a2 + c + 3];
            double s30 = acc[a3 + c];
            double s31 = acc[a3 + c + 1];
            double s32 = acc[a3 + c + 2];
            double s33 = acc[a3 + c + 3];
            for (int u = 0, vj = v0 + c; u < count; u++, vj += vs) {
                double y0 = v[vj];
                double y1 = v[vj + 1];
                double y2 = v[vj + 2];
                double y3 = v[vj + 3];
                double w = z[u];
                s00 += w * y0;
                s01 += w * y1;
                s02 += w * y2;
                s03 += w * y3;
                w = z[u + kb];
                s10 += w * y0;
                s11 += w * y1;
                s12 += w * y2;
                s13 += w * y3;
                w = z[u + 2 * kb];
                s20 += w * y0;
                s21 += w * y1;
                s22 += w * y2;
                s23 += w * y3;
                w = z[u + 3 * kb];
                s30 += w * y0;
                s31 += w * y1;
                s32 += w * y2;
                s33 += w * y3;
            }
            acc[a0 + c] = s00;
            acc[a0 + c + 1] = s01;
            acc[a0 + c + 2] = s02;
            acc[a0 + c + 3] = s03;
            acc[a1 + c] = s10;
            acc[a1 + c + 1] = s11;
            acc[a1 + c + 2] = s12;
            acc[a1 + c + 3] = s13;
            acc[a2 + c] = s20;
            acc[a2 + c + 1] = s21;
            acc[a2 + c + 2] = s22;
            acc[a2 + c + 3] = s23;
            acc[a3 + c] = s30;
            acc[a3 + c + 1] = s31;
            acc[a3 + c + 2] = s32;
            acc[a3 + c + 3] = s33;
        }
        for (; c < dv; c++) {
            double s0 = acc[a0 + c];
            double s1 = acc[a1 + c];
            double s2 = acc[a2 + c];
            double s3 = acc[a3 + c];
            for (int u = 0, vj = v0 + c; u < count; u++, vj += vs) {
                double y = v[vj];
                s0 += z[u] * y;
                s1 += z[u + kb] * y;
                s2 += z[u + 2 * kb] * y;
                s3 += z[u + 3 * kb] * y;
            }
            acc[a0 + c] = s0;
            acc[a1 + c] = s1;
            acc[a2 + c] = s2;
            acc[a3 + c] = s3;
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
