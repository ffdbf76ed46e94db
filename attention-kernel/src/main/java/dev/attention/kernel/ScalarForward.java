package dev.attention.kernel;

import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * One worker of the forward pass without the Vector API: the same tasks, key blocks and online
 * softmax as the SIMD workers, in plain double loops (float32 operands are widened once). Scratch
 * is allocated once per worker and reused for every task.
 *
 * <p>Per row and key block: dot products of the folded query with the visible keys (each sum over
 * {@code c} in order), the extras, the block maximum, {@code exp(z − max)}, the rescale
 * {@code exp(m_old − m_new)} of the running sum and accumulator, then the weighted values (each
 * accumulator element summed over the keys in order).
 *
 * <p>Both hot loops are {@link Axpy}'s, which C2 turns into vector code (decision 66): the dot
 * products run along a key block, {@code z[u] += q_c · column_c[u]}, and the weighted values along
 * a value row, {@code acc[c] += w · row[c]}, four columns or keys per pass. So
 * the keys are held as one array per (block, column) ({@link Operands}) and the values, logits and
 * accumulators as one array per row. Each sum still runs in order, a multiply and an add per term:
 * the bits of the plain loops, interpreted or compiled ({@code ScalarForwardBitsTest}).
 */
final class ScalarForward implements KernelExecutor.Worker {
    private final ForwardPass p;
    private final Tensor q;
    private final Operands kv;
    private final double[] qs;
    /** The current row's logits, then weights, for the current key block. */
    private final double[] z;
    private final double[][] acc;
    private final double[] max;
    private final double[] sum;
    private final int[] from;
    private final int[] to;

    /**
     * Keys and values laid out for the vectorised loops, built once per pass and read by every
     * worker: {@code keyColumns[((b·G + g)·blocks + t)·d + c][u] = k[b, g, t·keyBlock + u, c]}, zero
     * past the last key; {@code valueRows[(b·G + g)·m + j] = v[b, g, j, ·]}.
     */
    record Operands(double[][] keyColumns, double[][] valueRows) {
        static Operands of(ForwardPass p, Tensor keys, Tensor values, KernelExecutor executor) {
            int d = p.d;
            int dv = p.dv;
            int m = p.m;
            int kb = p.keyBlock;
            int blocks = p.keyBlocks;
            double[][] columns = new double[p.batch * p.kvHeads * blocks * d][];
            double[][] rows = new double[p.batch * p.kvHeads * m][];
            executor.run(p.batch * p.kvHeads * blocks, () -> {
                double[] key = new double[d];
                return task -> {
                    int bg = task / blocks;
                    int b = bg / p.kvHeads;
                    int g = bg % p.kvHeads;
                    int j0 = task % blocks * kb;
                    int count = Math.min(kb, m - j0);
                    double[][] block = new double[d][kb];
                    for (int u = 0; u < count; u++) {
                        keys.copyTo(p.shape.key(b, g, j0 + u), key, 0, d);
                        for (int c = 0; c < d; c++) {
                            block[c][u] = key[c];
                        }
                        double[] row = new double[dv];
                        values.copyTo(p.shape.value(b, g, j0 + u), row, 0, dv);
                        rows[bg * m + j0 + u] = row;
                    }
                    System.arraycopy(block, 0, columns, task * d, d);
                };
            });
            return new Operands(columns, rows);
        }
    }

    ScalarForward(ForwardPass p, Tensor queries, Operands kv) {
        this.p = p;
        this.q = queries;
        this.kv = kv;
        int rows = Math.min(p.queryBlock, p.n);
        this.qs = new double[rows * p.d];
        this.z = new double[p.keyBlock];
        this.acc = new double[rows][p.dv];
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
        for (int r = 0; r < rows; r++) {
            Arrays.fill(acc[r], 0);
        }
        for (int r = 0; r < real; r++) {
            from[r] = p.shape.from(b, i0 + r);
            to[r] = p.shape.to(b, i0 + r);
            q.copyTo(p.shape.query(b, h, i0 + r), qs, r * d, d);
            for (int c = r * d; c < (r + 1) * d; c++) {
                qs[c] *= p.queryFactor;
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
                int a = Math.max(j0, from[r]);
                int e = Math.min(j1, to[r]);
                if (a < e) {
                    logits(b, h, g, i0 + r, r, j0, a, e);
                    if (fold(b, h, i0 + r, r, a - j0, a, e)) {
                        values(b, g, r, j0, a, e);
                    }
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            double l = sum[r];
            p.lse[p.shape.row(b, h, i)] = l > 0 ? max[r] + Math.log(l) : Double.NEGATIVE_INFINITY;
            double inv = l > 0 ? 1 / l : 0;
            int o = p.shape.output(b, h, i);
            double[] a = acc[r];
            for (int c = 0; c < dv; c++) {
                p.out.set(o + c, a[c] * inv);
            }
        }
        if (p.weights != null) {
            for (int r = 0; r < real; r++) {
                weights(b, h, g, i0 + r, r);
            }
        }
    }

    /**
     * {@code z[j − j0] = logit(i, j)} for keys {@code lo ≤ j < hi} of the block starting at
     * {@code j0}; the dot products run from {@code j0} (so every array is read from index 0) and
     * the entries before {@code lo} are not used.
     */
    private void logits(int b, int h, int g, int i, int r, int j0, int lo, int hi) {
        int d = p.d;
        int qi = r * d;
        int count = hi - j0;
        double[] zz = z;
        Arrays.fill(zz, 0, count, 0);
        double[][] k = kv.keyColumns;
        int at = ((b * p.kvHeads + g) * p.keyBlocks + j0 / p.keyBlock) * d;
        int c = 0;
        for (; c + 3 < d; c += 4) {
            Axpy.axpy4(qs[qi + c], k[at + c], qs[qi + c + 1], k[at + c + 1], qs[qi + c + 2], k[at + c + 2],
                    qs[qi + c + 3], k[at + c + 3], zz, count);
        }
        for (; c < d; c++) {
            Axpy.axpy(qs[qi + c], k[at + c], zz, count);
        }
        if (p.extras) {
            p.extras(zz, -j0, b, h, i, lo, hi, false);
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
        if (mNew > mOld) {
            // exp(−∞) = 0 on the first block: the empty accumulator is simply replaced.
            double alpha = Math.exp(mOld - mNew);
            sum[r] *= alpha;
            double[] a = acc[r];
            for (int c = 0; c < a.length; c++) {
                a[c] *= alpha;
            }
            max[r] = mNew;
        }
        sum[r] += blockSum;
        if (p.dropout != null) {
            p.drop(z, base - lo, b, h, i, lo, hi);
        }
        return true;
    }

    /**
     * {@code acc[r] += Σ_j w_j · v_j} over keys {@code [lo, hi)} in order, four keys per pass where
     * four in a row have weights; a zero weight is skipped (a hidden key's value may be anything).
     */
    private void values(int b, int g, int r, int j0, int lo, int hi) {
        double[] a = acc[r];
        double[] w = z;
        double[][] v = kv.valueRows;
        int dv = a.length;
        int at = (b * p.kvHeads + g) * p.m;
        for (int j = lo; j < hi; ) {
            int u = j - j0;
            if (j + 3 < hi && w[u] != 0 && w[u + 1] != 0 && w[u + 2] != 0 && w[u + 3] != 0) {
                Axpy.axpy4(w[u], v[at + j], w[u + 1], v[at + j + 1], w[u + 2], v[at + j + 2], w[u + 3], v[at + j + 3],
                        a, dv);
                j += 4;
            } else {
                if (w[u] != 0) {
                    Axpy.axpy(w[u], v[at + j], a, dv);
                }
                j++;
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
            logits(b, h, g, i, r, j0, lo, hi);
            for (int j = lo; j < hi; j++) {
                z[j - j0] = Math.exp(z[j - j0] - mx) * inv;
            }
            if (p.dropout != null) {
                p.drop(z, -j0, b, h, i, lo, hi);
            }
            for (int j = lo; j < hi; j++) {
                p.weights.set(w0 + j, z[j - j0]);
            }
        }
    }
}
