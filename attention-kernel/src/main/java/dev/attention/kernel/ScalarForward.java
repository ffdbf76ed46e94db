package dev.attention.kernel;

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
 * <p>The two hot loops are written so that C2 turns them into vector code without the Vector API
 * (decision 66): {@code z[u] += x · column[u]} over a key block and {@code acc[c] += w · row[c]}
 * over a value row, every array read from index 0 (JDK 17's C2 does not vectorise a loop whose
 * arrays are read at different offsets). So the keys are held as one array per (block, column)
 * ({@link Operands}) and the values and accumulators as one array per row. Each sum still runs in
 * order, with a multiply and an add per term: the bits are those of the plain loops, interpreted
 * or compiled.
 */
final class ScalarForward implements KernelExecutor.Worker {
    private final ForwardPass p;
    private final double[] q;
    private final Operands kv;
    private final double[] qs;
    /** Per row of a task: its logits, then weights, for the current key block. */
    private final double[][] z;
    private final boolean[] live;
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
        static Operands of(ForwardPass p, double[] k, double[] v, KernelExecutor executor) {
            int d = p.d;
            int dv = p.dv;
            int m = p.m;
            int kb = p.keyBlock;
            int blocks = p.keyBlocks;
            double[][] columns = new double[p.batch * p.kvHeads * blocks * d][];
            double[][] rows = new double[p.batch * p.kvHeads * m][];
            executor.run(p.batch * p.kvHeads * blocks, () -> task -> {
                int bg = task / blocks;
                int b = bg / p.kvHeads;
                int g = bg % p.kvHeads;
                int j0 = task % blocks * kb;
                int count = Math.min(kb, m - j0);
                for (int c = 0; c < d; c++) {
                    columns[task * d + c] = new double[kb];
                }
                for (int u = 0; u < count; u++) {
                    int kj = p.shape.key(b, g, j0 + u);
                    for (int c = 0; c < d; c++) {
                        columns[task * d + c][u] = k[kj + c];
                    }
                    int vj = p.shape.value(b, g, j0 + u);
                    rows[bg * m + j0 + u] = Arrays.copyOfRange(v, vj, vj + dv);
                }
            });
            return new Operands(columns, rows);
        }
    }

    ScalarForward(ForwardPass p, double[] q, Operands kv) {
        this.p = p;
        this.q = q;
        this.kv = kv;
        int rows = Math.min(p.queryBlock, p.n);
        this.qs = new double[rows * p.d];
        this.z = new double[rows][p.keyBlock];
        this.live = new boolean[rows];
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
                int a = Math.max(j0, from[r]);
                int e = Math.min(j1, to[r]);
                live[r] = a < e && weigh(b, h, g, i0 + r, r, j0, a, e);
            }
            int r = 0;
            for (; r + 3 < real; r += 4) {
                int a = Math.max(j0, from[r]);
                int e = Math.min(j1, to[r]);
                if (live[r] && live[r + 1] && live[r + 2] && live[r + 3] && sameRange(r, j0, j1, a, e)) {
                    values4(b, g, r, j0, a, e);
                } else {
                    for (int t = r; t < r + 4; t++) {
                        if (live[t]) {
                            values(b, g, t, j0, Math.max(j0, from[t]), Math.min(j1, to[t]));
                        }
                    }
                }
            }
            for (; r < real; r++) {
                if (live[r]) {
                    values(b, g, r, j0, Math.max(j0, from[r]), Math.min(j1, to[r]));
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
        double[] zz = z[r];
        Arrays.fill(zz, 0, count, 0);
        int at = ((b * p.kvHeads + g) * p.keyBlocks + j0 / p.keyBlock) * d;
        for (int c = 0; c < d; c++) {
            axpy(qs[qi + c], kv.keyColumns[at + c], zz, count);
        }
        if (p.extras) {
            p.extras(zz, -j0, b, h, i, lo, hi, false);
        }
    }

    /** {@code y[u] += a · x[u]} for {@code u < count}: the loop C2 vectorises (both arrays from index 0). */
    private static void axpy(double a, double[] x, double[] y, int count) {
        for (int u = 0; u < count; u++) {
            y[u] += a * x[u];
        }
    }

    /**
     * Row {@code r}'s logits for keys {@code [lo, hi)} of the block at {@code j0}, folded into its
     * running maximum, sum and accumulator scale; {@code z[r]} then holds the block's weights. False
     * when the row has nothing to add.
     */
    private boolean weigh(int b, int h, int g, int i, int r, int j0, int lo, int hi) {
        logits(b, h, g, i, r, j0, lo, hi);
        return fold(b, h, i, r, lo - j0, lo, hi);
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
        double[] z = this.z[r];
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

    /** {@code acc[r] += Σ_j w_j · v_j} over keys {@code [lo, hi)}, skipping zero weights (a hidden key's value may be anything). */
    private void values(int b, int g, int r, int j0, int lo, int hi) {
        double[] a = acc[r];
        double[] w = z[r];
        int dv = a.length;
        int at = (b * p.kvHeads + g) * p.m;
        for (int j = lo; j < hi; j++) {
            if (w[j - j0] != 0) {
                axpy(w[j - j0], kv.valueRows[at + j], a, dv);
            }
        }
    }

    /**
     * {@link #values} for rows {@code r .. r + 3} over the same keys: each value row is read once
     * for four accumulators (the loop C2 vectorises, four stores per load). A key where any of the
     * four weights is zero goes row by row, to skip it as {@link #values} does.
     */
    private void values4(int b, int g, int r, int j0, int lo, int hi) {
        double[] a0 = acc[r];
        double[] a1 = acc[r + 1];
        double[] a2 = acc[r + 2];
        double[] a3 = acc[r + 3];
        double[] w0 = z[r];
        double[] w1 = z[r + 1];
        double[] w2 = z[r + 2];
        double[] w3 = z[r + 3];
        int dv = a0.length;
        int at = (b * p.kvHeads + g) * p.m;
        for (int j = lo; j < hi; j++) {
            int u = j - j0;
            double x0 = w0[u];
            double x1 = w1[u];
            double x2 = w2[u];
            double x3 = w3[u];
            double[] y = kv.valueRows[at + j];
            if (x0 != 0 && x1 != 0 && x2 != 0 && x3 != 0) {
                for (int c = 0; c < dv; c++) {
                    double v = y[c];
                    a0[c] += x0 * v;
                    a1[c] += x1 * v;
                    a2[c] += x2 * v;
                    a3[c] += x3 * v;
                }
            } else {
                for (int t = 0; t < 4; t++) {
                    double x = z[r + t][u];
                    if (x != 0) {
                        axpy(x, y, acc[r + t], dv);
                    }
                }
            }
        }
    }

    /** Whether rows {@code r + 1 .. r + 3} see the same keys {@code [lo, hi)} of block {@code [j0, j1)} as row {@code r}. */
    private boolean sameRange(int r, int j0, int j1, int lo, int hi) {
        for (int t = r + 1; t < r + 4; t++) {
            if (Math.max(j0, from[t]) != lo || Math.min(j1, to[t]) != hi) {
                return false;
            }
        }
        return true;
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
            double[] z = this.z[r];
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
