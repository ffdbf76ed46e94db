package dev.attention.kernel;

import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelResult;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One worker of the float32 forward pass on the Vector API (the first fused kernel's float32 tile, generalised to
 * heads, layouts, grouped-query heads and the spec's extras).
 *
 * <p>Per (query block, key block) tile: the key block, transposed once per pass into
 * {@code kt[c][j]} ({@link #transpose}), gives a vector of one component of consecutive keys;
 * scores are {@value #ROWS} rows × 4 vectors of keys at once (16 accumulators in registers), each
 * an FMA chain over {@code c = 0 … d−1} in order, with the factor of {@link ForwardPass} folded into
 * the query rows. Then, only when the spec has them, the extras (softcap, bias, ALiBi, key mask);
 * then per row the tile maximum, {@code exp(z − max)} ({@link VectorExp}), the tile sum and, with
 * dropout, the dropped weights; then {@code P·V} as {@value #ROWS} rows × 4 vectors of value columns.
 *
 * <p>Accuracy: dot products, exponentials and the tile's {@code P·V} are float32 (at most {@code d},
 * resp. {@link ForwardPass#keyBlock}, terms); the running sum and accumulator across tiles, the
 * rescaling and the final division are double.
 *
 * <p>Determinism: every vector operation used is defined lane by lane (no unordered reductions
 * except max, which is exact), and a row's arithmetic never depends on which rows share its
 * micro-kernel or task: results are bit-identical for any thread count.
 */
final class SimdFloatForward implements KernelExecutor.Worker {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Doubles in the same vector size: half the lanes, so a float vector widens into two of these. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    /** Query rows per micro-kernel: 4 rows × 4 vectors = 16 accumulators fit the 16 (AVX2) or 32 registers. */
    private static final int ROWS = 4;
    private static final FloatVector IOTA = FloatVector.fromArray(S, iota(), 0);
    /** The upper half of the lanes: where a float vector's second double half goes back. */
    private static final VectorMask<Float> UPPER = IOTA.compare(VectorOperators.GE, L / 2);

    private final ForwardPass p;
    private final float[] q;
    private final float[] v;
    private final float[] kt;
    /** Key block rounded up to whole vectors: the stride of {@link #kt} rows and {@link #z} rows. */
    private final int kw;
    /** Value width rounded up to whole vectors: the stride of {@link #tile} rows. */
    private final int vw;
    private final float[] qs;
    /** Start of the current key block in {@link #kt}. */
    private int kb;
    private final float[] z;
    private final float[] tile;
    private final double[] acc;
    private final double[] max;
    private final double[] sum;
    private final double[] alpha;
    private final boolean[] active;
    private final int[] from;
    private final int[] to;
    private final float[] lanes = new float[L];
    /** One row of the bias for the current tile; zero past its keys. */
    private final float[] biasRow;
    private final double[] biasWide;
    /** {@link ForwardPass#maskFloats}, shared by the workers, or null. */
    private final float[] mask;

    /**
     * @param q  the queries' storage
     * @param kt the keys as {@link #transpose} lays them out
     * @param v  the values' storage
     */
    SimdFloatForward(ForwardPass p, float[] q, float[] kt, float[] v, float[] mask) {
        this.p = p;
        this.mask = mask;
        this.q = q;
        this.kt = kt;
        this.v = v;
        this.kw = stride(p);
        this.vw = roundUp(p.dv);
        // Scratch for the rows that exist, not the block size: small calls allocate little.
        int rows = Math.min(p.queryBlock, p.n);
        this.qs = new float[rows * p.d];
        this.z = new float[rows * kw];
        this.tile = new float[ROWS * vw];
        this.acc = new double[rows * p.dv];
        this.max = new double[rows];
        this.sum = new double[rows];
        this.alpha = new double[rows];
        this.active = new boolean[rows];
        this.from = new int[rows];
        this.to = new int[rows];
        this.biasRow = p.biased ? new float[kw] : null;
        this.biasWide = p.biased ? new double[kw] : null;
    }

    /**
     * The whole pass: operands copied once ({@code k} transposed per block), then one worker per thread.
     * Only called once {@link VectorSupport} has found the Vector API.
     */
    static KernelResult attend(ForwardPass p, Tensor queries, Tensor keys, Tensor values, KernelExecutor executor) {
        float[] q = ForwardPass.floats(queries);
        float[] kt = transpose(p, ForwardPass.floats(keys), executor);
        float[] v = ForwardPass.floats(values);
        float[] mask = p.masked ? p.maskFloats(stride(p)) : null;
        return p.run(executor, () -> new SimdFloatForward(p, q, kt, v, mask));
    }

    /** The row stride of the transposed key blocks: the key block in whole vectors. */
    private static int stride(ForwardPass p) {
        return roundUp(Math.min(p.keyBlock, p.m));
    }

    private static int roundUp(int x) {
        return Math.max(L, (x + L - 1) / L * L);
    }

    private static float[] iota() {
        float[] a = new float[L];
        for (int t = 0; t < L; t++) {
            a[t] = t;
        }
        return a;
    }

    /**
     * The keys once more, transposed per (batch row, kv head, key block): block {@code t} of
     * {@code (b, g)} is {@code d} rows of {@link #stride} floats, {@code kt[c][j] = k[b, g, t·keyBlock + j, c]},
     * zero past the last key. Built once per pass, in parallel, since every query block of every
     * query head in the group reads every key block.
     */
    static float[] transpose(ForwardPass p, float[] k, KernelExecutor executor) {
        int d = p.d;
        int m = p.m;
        int kw = stride(p);
        int blocks = p.keyBlocks;
        int size = d * kw;
        float[] data = new float[p.batch * p.kvHeads * blocks * size];
        executor.run(p.batch * p.kvHeads * blocks, () -> task -> {
            int bg = task / blocks;
            int b = bg / p.kvHeads;
            int g = bg % p.kvHeads;
            int j0 = (task % blocks) * p.keyBlock;
            int count = Math.min(p.keyBlock, m - j0);
            int at = task * size;
            for (int j = 0; j < count; j++) {
                int kj = p.shape.key(b, g, j0 + j);
                for (int c = 0; c < d; c++) {
                    data[at + c * kw + j] = k[kj + c];
                }
            }
        });
        return data;
    }

    private int blockOffset(int b, int g, int t) {
        return ((b * p.kvHeads + g) * p.keyBlocks + t) * p.d * kw;
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
        int kb0 = p.keyBlock;
        Arrays.fill(max, 0, rows, Double.NEGATIVE_INFINITY);
        Arrays.fill(sum, 0, rows, 0);
        Arrays.fill(acc, 0, rows * dv, 0);
        float factor = (float) p.queryFactor;
        for (int r = 0; r < real; r++) {
            from[r] = p.shape.from(b, i0 + r);
            to[r] = p.shape.to(b, i0 + r);
            int qi = p.shape.query(b, h, i0 + r);
            for (int c = 0; c < d; c++) {
                qs[r * d + c] = q[qi + c] * factor;
            }
        }
        int lo = real > 0 ? from[0] : 0;
        int hi = real > 0 ? to[real - 1] : 0;
        for (int j0 = lo / kb0 * kb0; j0 < hi; j0 += kb0) {
            if (p.anyKept(b, j0 / kb0)) {
                tile(b, h, g, i0, real, j0, Math.min(hi, j0 + kb0) - j0);
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
        if (p.weights != null && real > 0) {
            for (int j0 = lo / kb0 * kb0; j0 < hi; j0 += kb0) {
                weights(b, h, g, i0, real, j0, Math.min(hi, j0 + kb0) - j0);
            }
        }
    }

    /** Scores of rows {@code 0 … real−1} against keys {@code [j0, j0 + count)}, into {@link #z}. */
    private void scores(int b, int g, int real, int j0, int count) {
        int width = roundUp(count);
        kb = blockOffset(b, g, j0 / p.keyBlock);
        int r = 0;
        for (; r + ROWS <= real; r += ROWS) {
            scores4(r, width);
        }
        for (; r < real; r++) {
            scores1(r, width);
        }
    }

    /** Folds keys {@code [j0, j0+count)} into the running state of rows {@code 0 … real−1}. */
    private void tile(int b, int h, int g, int i0, int real, int j0, int count) {
        int width = roundUp(count);
        scores(b, g, real, j0, count);
        boolean any = false;
        for (int r = 0; r < real; r++) {
            int lo = Math.max(j0, from[r]) - j0;
            int hi = Math.min(j0 + count, to[r]) - j0;
            active[r] = lo < hi;
            if (active[r]) {
                if (p.extras) {
                    extras(r, width, b, h, i0 + r, j0, count);
                }
                active[r] = softmax(r, lo, hi, width);
                if (active[r] && p.dropout != null) {
                    p.drop(z, r * kw - j0, b, h, i0 + r, j0 + lo, j0 + hi);
                }
            }
            if (active[r]) {
                any = true;
            } else {
                Arrays.fill(z, r * kw, r * kw + width, 0);
            }
        }
        if (!any) {
            return;
        }
        int v0 = p.shape.value(b, g, j0);
        int r = 0;
        for (; r + ROWS <= real; r += ROWS) {
            if (active[r] || active[r + 1] || active[r + 2] || active[r + 3]) {
                values(r, v0, count, ROWS);
                fold(r, ROWS);
            }
        }
        for (; r < real; r++) {
            if (active[r]) {
                values(r, v0, count, 1);
                fold(r, 1);
            }
        }
    }

    /**
     * Writes the weights of rows {@code 0 … real−1} for keys {@code [j0, j0+count)}: the tile's
     * scores recomputed with the same bits as in the pass, {@code exp(z − max)/sum}, dropped.
     */
    private void weights(int b, int h, int g, int i0, int real, int j0, int count) {
        int width = roundUp(count);
        scores(b, g, real, j0, count);
        for (int r = 0; r < real; r++) {
            int lo = Math.max(j0, from[r]) - j0;
            int hi = Math.min(j0 + count, to[r]) - j0;
            if (lo >= hi || !(sum[r] > 0)) {
                continue;
            }
            int z0 = r * kw;
            if (p.extras) {
                extras(r, width, b, h, i0 + r, j0, count);
            }
            FloatVector m = FloatVector.broadcast(S, (float) max[r]);
            for (int j = 0; j < width; j += L) {
                VectorExp.exp(FloatVector.fromArray(S, z, z0 + j).sub(m)).intoArray(z, z0 + j);
            }
            float inv = (float) (1 / sum[r]);
            for (int j = lo; j < hi; j++) {
                z[z0 + j] *= inv;
            }
            if (p.dropout != null) {
                p.drop(z, z0 - j0, b, h, i0 + r, j0 + lo, j0 + hi);
            }
            int w0 = p.shape.weight(b, h, i0 + r) + j0;
            for (int j = lo; j < hi; j++) {
                p.weights.set(w0 + j, z[z0 + j]);
            }
        }
    }

    /**
     * Row {@code r}'s extras on whole vectors of the tile from key {@code j0} ({@code count} keys):
     * softcap ({@link VectorTanh}), bias, ALiBi and key mask, each only when the spec has it. Lanes
     * past the row's visible keys get values too; the softmax ignores them.
     */
    private void extras(int r, int width, int b, int h, int i, int j0, int count) {
        int z0 = r * kw;
        if (p.softcap) {
            FloatVector f = FloatVector.broadcast(S, (float) p.capOverTau());
            for (int j = 0; j < width; j += L) {
                VectorTanh.tanh(FloatVector.fromArray(S, z, z0 + j)).mul(f).intoArray(z, z0 + j);
            }
        }
        if (p.biased) {
            p.biasRow(b, h, i, j0, count, biasRow, biasWide);
            FloatVector f = FloatVector.broadcast(S, (float) p.invTau());
            for (int j = 0; j < width; j += L) {
                FloatVector.fromArray(S, biasRow, j).fma(f, FloatVector.fromArray(S, z, z0 + j)).intoArray(z, z0 + j);
            }
        }
        if (p.alibi) {
            FloatVector f = FloatVector.broadcast(S, (float) -(p.slope(h) * p.invTau()));
            for (int j = 0; j < width; j += L) {
                // |j − i| is an integer below 2^24: exact in float.
                FloatVector distance = IOTA.add(j0 + j - i).abs();
                distance.fma(f, FloatVector.fromArray(S, z, z0 + j)).intoArray(z, z0 + j);
            }
        }
        if (p.masked) {
            int at = b * p.m + j0;
            for (int j = 0; j < width; j += L) {
                FloatVector.fromArray(S, z, z0 + j).add(FloatVector.fromArray(S, mask, at + j)).intoArray(z, z0 + j);
            }
        }
    }

    /** Scores of rows {@code r … r+3} against the tile's keys, 4 rows × 4 vectors at a time. */
    private void scores4(int r, int width) {
        int d = p.d;
        int q0 = r * d;
        int q1 = q0 + d;
        int q2 = q1 + d;
        int q3 = q2 + d;
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
            FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            for (int c = 0; c < d; c++) {
                int kc = kb + c * kw + j;
                FloatVector k0 = FloatVector.fromArray(S, kt, kc);
                FloatVector k1 = FloatVector.fromArray(S, kt, kc + L);
                FloatVector k2 = FloatVector.fromArray(S, kt, kc + 2 * L);
                FloatVector k3 = FloatVector.fromArray(S, kt, kc + 3 * L);
                FloatVector x = FloatVector.broadcast(S, qs[q0 + c]);
                a00 = x.fma(k0, a00);
                a01 = x.fma(k1, a01);
                a02 = x.fma(k2, a02);
                a03 = x.fma(k3, a03);
                x = FloatVector.broadcast(S, qs[q1 + c]);
                a10 = x.fma(k0, a10);
                a11 = x.fma(k1, a11);
                a12 = x.fma(k2, a12);
                a13 = x.fma(k3, a13);
                x = FloatVector.broadcast(S, qs[q2 + c]);
                a20 = x.fma(k0, a20);
                a21 = x.fma(k1, a21);
                a22 = x.fma(k2, a22);
                a23 = x.fma(k3, a23);
                x = FloatVector.broadcast(S, qs[q3 + c]);
                a30 = x.fma(k0, a30);
                a31 = x.fma(k1, a31);
                a32 = x.fma(k2, a32);
                a33 = x.fma(k3, a33);
            }
            int z0 = r * kw + j;
            store4(a00, a01, a02, a03, z0);
            store4(a10, a11, a12, a13, z0 + kw);
            store4(a20, a21, a22, a23, z0 + 2 * kw);
            store4(a30, a31, a32, a33, z0 + 3 * kw);
        }
        for (; j < width; j += L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int c = 0; c < d; c++) {
                FloatVector k = FloatVector.fromArray(S, kt, kb + c * kw + j);
                a0 = FloatVector.broadcast(S, qs[q0 + c]).fma(k, a0);
                a1 = FloatVector.broadcast(S, qs[q1 + c]).fma(k, a1);
                a2 = FloatVector.broadcast(S, qs[q2 + c]).fma(k, a2);
                a3 = FloatVector.broadcast(S, qs[q3 + c]).fma(k, a3);
            }
            int z0 = r * kw + j;
            a0.intoArray(z, z0);
            a1.intoArray(z, z0 + kw);
            a2.intoArray(z, z0 + 2 * kw);
            a3.intoArray(z, z0 + 3 * kw);
        }
    }

    /** Scores of the single row {@code r}: the same FMA chain per lane as {@link #scores4}. */
    private void scores1(int r, int width) {
        int d = p.d;
        int q0 = r * d;
        for (int j = 0; j < width; j += L) {
            FloatVector a = FloatVector.zero(S);
            for (int c = 0; c < d; c++) {
                a = FloatVector.broadcast(S, qs[q0 + c]).fma(FloatVector.fromArray(S, kt, kb + c * kw + j), a);
            }
            a.intoArray(z, r * kw + j);
        }
    }

    private void store4(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3, int at) {
        a0.intoArray(z, at);
        a1.intoArray(z, at + L);
        a2.intoArray(z, at + 2 * L);
        a3.intoArray(z, at + 3 * L);
    }

    /**
     * Row {@code r}'s online-softmax step over its visible lanes {@code [lo, hi)}: new maximum,
     * {@code z ← exp(z − max)} there and exact 0 elsewhere, sum and rescale factor. False (and the
     * state unchanged) when the row has seen only hidden keys so far.
     */
    private boolean softmax(int r, int lo, int hi, int width) {
        int z0 = r * kw;
        // Whole vectors inside [lo, hi) need no mask; only the (at most two) boundary vectors do.
        int first = (lo + L - 1) / L * L;
        int last = hi / L * L;
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < width; j += L) {
            FloatVector x = FloatVector.fromArray(S, z, z0 + j);
            if (j < first || j >= last) {
                x = x.blend(Float.NEGATIVE_INFINITY, visible(j, lo, hi).not());
            }
            vmax = vmax.max(x);
        }
        double mOld = max[r];
        double mNew = Math.max(mOld, vmax.reduceLanes(VectorOperators.MAX));
        if (mNew == Double.NEGATIVE_INFINITY) {
            return false;
        }
        // mNew is a float value (an old or new float maximum), so this cast is exact.
        FloatVector m = FloatVector.broadcast(S, (float) mNew);
        FloatVector vsum = FloatVector.zero(S);
        for (int j = 0; j < width; j += L) {
            FloatVector e = VectorExp.exp(FloatVector.fromArray(S, z, z0 + j).sub(m));
            if (j < first || j >= last) {
                e = e.blend(0f, visible(j, lo, hi).not());
            }
            e.intoArray(z, z0 + j);
            vsum = vsum.add(e);
        }
        // The first tile replaces the empty state: exp(−∞) = 0 without calling exp.
        double a = mOld == Double.NEGATIVE_INFINITY ? 0 : mNew > mOld ? Math.exp(mOld - mNew) : 1;
        alpha[r] = a;
        max[r] = mNew;
        sum[r] = sum[r] * a + laneSum(vsum);
        return true;
    }

    /**
     * The lanes' sum in double, in a fixed order (not {@code reduceLanes(ADD)}, whose order is
     * unspecified): four interleaved partial sums, then {@code (s0 + s1) + (s2 + s3)}, so the adds
     * overlap instead of waiting on each other.
     */
    private double laneSum(FloatVector x) {
        x.intoArray(lanes, 0);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int t = 0; t < L; t += 4) {
            s0 += lanes[t];
            s1 += lanes[t + 1];
            s2 += lanes[t + 2];
            s3 += lanes[t + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static VectorMask<Float> visible(int j, int lo, int hi) {
        return IOTA.compare(VectorOperators.GE, lo - j).and(IOTA.compare(VectorOperators.LT, hi - j));
    }

    /**
     * {@code tile[t] = Σ_j p[r+t][j] · v[j]} for {@code t < rows} (1 or 4); each lane an FMA chain over
     * {@code j} in order, whatever {@code rows} is.
     */
    private void values(int r, int v0, int count, int rows) {
        int dv = p.dv;
        int vs = p.valueStride;
        int p0 = r * kw;
        int p1 = rows > 1 ? p0 + kw : p0;
        int p2 = rows > 1 ? p1 + kw : p0;
        int p3 = rows > 1 ? p2 + kw : p0;
        int c = 0;
        for (; c + 4 * L <= dv; c += 4 * L) {
            FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
            FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            for (int j = 0; j < count; j++) {
                int vc = v0 + j * vs + c;
                FloatVector x0 = FloatVector.fromArray(S, v, vc);
                FloatVector x1 = FloatVector.fromArray(S, v, vc + L);
                FloatVector x2 = FloatVector.fromArray(S, v, vc + 2 * L);
                FloatVector x3 = FloatVector.fromArray(S, v, vc + 3 * L);
                FloatVector w = FloatVector.broadcast(S, z[p0 + j]);
                a00 = w.fma(x0, a00);
                a01 = w.fma(x1, a01);
                a02 = w.fma(x2, a02);
                a03 = w.fma(x3, a03);
                w = FloatVector.broadcast(S, z[p1 + j]);
                a10 = w.fma(x0, a10);
                a11 = w.fma(x1, a11);
                a12 = w.fma(x2, a12);
                a13 = w.fma(x3, a13);
                w = FloatVector.broadcast(S, z[p2 + j]);
                a20 = w.fma(x0, a20);
                a21 = w.fma(x1, a21);
                a22 = w.fma(x2, a22);
                a23 = w.fma(x3, a23);
                w = FloatVector.broadcast(S, z[p3 + j]);
                a30 = w.fma(x0, a30);
                a31 = w.fma(x1, a31);
                a32 = w.fma(x2, a32);
                a33 = w.fma(x3, a33);
            }
            storeTile(a00, a01, a02, a03, c);
            storeTile(a10, a11, a12, a13, vw + c);
            storeTile(a20, a21, a22, a23, 2 * vw + c);
            storeTile(a30, a31, a32, a33, 3 * vw + c);
        }
        for (; c + 2 * L <= dv; c += 2 * L) {
            // Two vectors × 4 rows: 8 independent FMA chains, enough to hide the FMA latency.
            FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00;
            FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (int j = 0; j < count; j++) {
                int vc = v0 + j * vs + c;
                FloatVector x0 = FloatVector.fromArray(S, v, vc);
                FloatVector x1 = FloatVector.fromArray(S, v, vc + L);
                FloatVector w = FloatVector.broadcast(S, z[p0 + j]);
                a00 = w.fma(x0, a00);
                a01 = w.fma(x1, a01);
                w = FloatVector.broadcast(S, z[p1 + j]);
                a10 = w.fma(x0, a10);
                a11 = w.fma(x1, a11);
                w = FloatVector.broadcast(S, z[p2 + j]);
                a20 = w.fma(x0, a20);
                a21 = w.fma(x1, a21);
                w = FloatVector.broadcast(S, z[p3 + j]);
                a30 = w.fma(x0, a30);
                a31 = w.fma(x1, a31);
            }
            a00.intoArray(tile, c);
            a01.intoArray(tile, c + L);
            a10.intoArray(tile, vw + c);
            a11.intoArray(tile, vw + c + L);
            a20.intoArray(tile, 2 * vw + c);
            a21.intoArray(tile, 2 * vw + c + L);
            a30.intoArray(tile, 3 * vw + c);
            a31.intoArray(tile, 3 * vw + c + L);
        }
        for (; c < dv; c += L) {
            // Tail columns: a masked load, so a row's last vector never reads past the array.
            VectorMask<Float> cols = S.indexInRange(c, dv);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            boolean whole = c + L <= dv;
            for (int j = 0; j < count; j++) {
                int vc = v0 + j * vs + c;
                FloatVector x = whole ? FloatVector.fromArray(S, v, vc) : FloatVector.fromArray(S, v, vc, cols);
                a0 = FloatVector.broadcast(S, z[p0 + j]).fma(x, a0);
                a1 = FloatVector.broadcast(S, z[p1 + j]).fma(x, a1);
                a2 = FloatVector.broadcast(S, z[p2 + j]).fma(x, a2);
                a3 = FloatVector.broadcast(S, z[p3 + j]).fma(x, a3);
            }
            a0.intoArray(tile, c);
            a1.intoArray(tile, vw + c);
            a2.intoArray(tile, 2 * vw + c);
            a3.intoArray(tile, 3 * vw + c);
        }
    }

    private void storeTile(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3, int at) {
        a0.intoArray(tile, at);
        a1.intoArray(tile, at + L);
        a2.intoArray(tile, at + 2 * L);
        a3.intoArray(tile, at + 3 * L);
    }

    /**
     * {@code acc ← acc·α + tile} in double for the active rows among {@code r … r+rows−1}: each float
     * vector of the tile widens into two double vectors (one fused multiply-add each).
     */
    private void fold(int r, int rows) {
        int dv = p.dv;
        for (int t = 0; t < rows; t++) {
            if (!active[r + t]) {
                continue;
            }
            double a = alpha[r + t];
            DoubleVector va = DoubleVector.broadcast(D, a);
            int at = (r + t) * dv;
            int ti = t * vw;
            int c = 0;
            for (; c + L <= dv; c += L) {
                FloatVector x = FloatVector.fromArray(S, tile, ti + c);
                DoubleVector lo = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
                DoubleVector hi = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
                DoubleVector.fromArray(D, acc, at + c).fma(va, lo).intoArray(acc, at + c);
                DoubleVector.fromArray(D, acc, at + c + L / 2).fma(va, hi).intoArray(acc, at + c + L / 2);
            }
            for (; c < dv; c++) {
                acc[at + c] = Math.fma(acc[at + c], a, tile[ti + c]);
            }
        }
    }
}
