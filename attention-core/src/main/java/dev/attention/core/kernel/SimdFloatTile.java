package dev.attention.core.kernel;

import dev.attention.api.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One worker of the float32 fused pass on the Vector API: the same tiles, online softmax and
 * task order as the scalar {@code FusedSoftmaxKernel.Tile}, with register-blocked micro-kernels.
 *
 * <p>Per (query block, key block) tile: the key block, transposed once per pass into
 * {@code kt[c][j]} ({@link KeyBlocks}), gives a vector load {@value #ROWS} query rows the same component of consecutive keys; scores are
 * {@value #ROWS} rows × 4 vectors of keys at once (16 accumulators in registers), each an FMA chain
 * over {@code c = 0 … d−1} in order. The factor {@code s/τ} is folded into the query rows. Then, per
 * row, the tile maximum, {@code exp(z − max)} ({@link VectorExp}) and the tile sum; then
 * {@code P·V} as {@value #ROWS} rows × 4 vectors of value columns.
 *
 * <p>Every operation is one whose result the Vector API defines lane by lane (FMA, exact
 * conversions, compares, our own exp; no unordered reductions, no SVML), so interpreted,
 * C1- and C2-compiled code give the same bits.
 *
 * <p>Accuracy: dot products, the tile's exponentials and the tile's {@code P·V} are float32 (at most
 * {@code d}, resp. key-block, terms); the running sum and accumulator across tiles, the rescaling
 * by {@code exp(m_old − m_new)} and the final division are double, as in the scalar path. The
 * tests hold both paths within 1e-5 relative of each other and of a double reference.
 *
 * <p>Determinism: a row's arithmetic never depends on which rows share its micro-kernel or task
 * (lanes outside a row's visible keys hold exact zeros), so results are bit-identical for any
 * thread count and query block size.
 */
final class SimdFloatTile implements KernelExecutor.Worker {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Doubles in the same vector size: half the lanes, so a float vector widens into two of these. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    /** Query rows per micro-kernel: 4 rows × 4 vectors = 16 accumulators fit the 16 (AVX2) or 32 registers. */
    private static final int ROWS = 4;
    private static final FloatVector IOTA = FloatVector.fromArray(S, iota(), 0);

    private final FloatOperands o;
    private final float factor;
    private final KeyVisibility visibility;
    private final int[] qLen;
    private final int[] kLen;
    private final Tensor.Builder out;
    private final double[] lse;
    private final int blocks;
    private final int queryBlock;
    private final int keyBlock;
    /** Key block rounded up to whole vectors: the stride of {@link #kt} rows and {@link #z} rows. */
    private final int kw;
    /** Value width rounded up to whole vectors: the stride of {@link #tile} rows. */
    private final int vw;
    private final float[] qs;
    private final KeyBlocks keyBlocks;
    private final float[] kt;
    /** Start of the current key block in {@link #kt}. */
    private int kb;
    private final float[] z;
    private final float[] tile;
    private final double[] acc;
    private final double[] max;
    private final double[] sum;
    private final double[] alpha;
    private final boolean[] active;
    private final float[] lanes = new float[L];

    SimdFloatTile(FloatOperands o, double factor, KeyVisibility visibility, int[] qLen, int[] kLen,
            Tensor.Builder out, double[] lse, int blocks, int queryBlock, int keyBlock, KeyBlocks keyBlocks) {
        this.o = o;
        this.factor = (float) factor;
        this.visibility = visibility;
        this.qLen = qLen;
        this.kLen = kLen;
        this.out = out;
        this.lse = lse;
        this.blocks = blocks;
        this.queryBlock = queryBlock;
        this.keyBlock = keyBlock;
        this.kw = stride(keyBlock, o.m);
        this.vw = roundUp(o.dv);
        // Scratch for the rows and keys that exist, not the block sizes: small calls allocate little.
        int rows = Math.min(queryBlock, o.n);
        this.qs = new float[rows * o.d];
        this.keyBlocks = keyBlocks;
        this.kt = keyBlocks.data();
        this.z = new float[rows * kw];
        this.tile = new float[ROWS * vw];
        this.acc = new double[rows * o.dv];
        this.max = new double[rows];
        this.sum = new double[rows];
        this.alpha = new double[rows];
        this.active = new boolean[rows];
    }

    /** Whether this path computes the given operands (float32 storage). */
    static boolean handles(Operands o) {
        return o instanceof FloatOperands;
    }

    /** The row stride of {@link KeyBlocks} this tile reads: the key block in whole vectors. */
    static int stride(int keyBlock, int keys) {
        return roundUp(Math.min(keyBlock, keys));
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

    @Override
    public void run(int task) {
        int b = task / blocks;
        int i0 = (task % blocks) * queryBlock;
        int rows = Math.min(queryBlock, o.n - i0);
        int real = Math.max(0, Math.min(rows, qLen[b] - i0));
        int keys = kLen[b];
        int d = o.d;
        int dv = o.dv;
        Arrays.fill(max, 0, rows, Double.NEGATIVE_INFINITY);
        Arrays.fill(sum, 0, rows, 0);
        Arrays.fill(acc, 0, rows * dv, 0);
        if (real > 0) {
            int q0 = (b * o.n + i0) * d;
            for (int t = 0; t < real * d; t++) {
                qs[t] = o.q[q0 + t] * factor;
            }
            // As in the scalar path: key tiles aligned to the key block, from the first row's first key.
            int from = visibility.first(i0) / keyBlock * keyBlock;
            int to = visibility.end(i0 + real - 1, keys);
            for (int j0 = from; j0 < to; j0 += keyBlock) {
                int count = Math.min(to, j0 + keyBlock) - j0;
                tile(b, i0, real, j0, count, keys);
            }
        }
        for (int r = 0; r < rows; r++) {
            int row = b * o.n + i0 + r;
            double l = sum[r];
            lse[2 * row] = l > 0 ? max[r] : Double.NEGATIVE_INFINITY;
            lse[2 * row + 1] = l;
            double inv = l > 0 ? 1 / l : 0;
            for (int c = 0; c < dv; c++) {
                out.set(row * dv + c, acc[r * dv + c] * inv);
            }
        }
    }

    /** Folds keys {@code [j0, j0+count)} into the running state of rows {@code 0 … real−1}. */
    private void tile(int b, int i0, int real, int j0, int count, int keys) {
        int width = roundUp(count);
        kb = keyBlocks.offset(b, j0 / keyBlock);
        int r = 0;
        for (; r + ROWS <= real; r += ROWS) {
            scores4(r, width);
        }
        for (; r < real; r++) {
            scores1(r, width);
        }
        boolean any = false;
        for (r = 0; r < real; r++) {
            int lo = Math.max(j0, visibility.first(i0 + r)) - j0;
            int hi = Math.min(j0 + count, visibility.end(i0 + r, keys)) - j0;
            active[r] = lo < hi;
            if (active[r]) {
                softmax(r, lo, hi, width);
                any = true;
            } else {
                Arrays.fill(z, r * kw, r * kw + width, 0);
            }
        }
        if (!any) {
            return;
        }
        int v0 = (b * o.m + j0) * o.dv;
        for (r = 0; r + ROWS <= real; r += ROWS) {
            if (active[r] || active[r + 1] || active[r + 2] || active[r + 3]) {
                values4(r, v0, count);
                fold(r, ROWS);
            }
        }
        for (; r < real; r++) {
            if (active[r]) {
                values4(r, v0, count, 1);
                fold(r, 1);
            }
        }
    }

    /** Scores of rows {@code r … r+3} against the tile's keys, 4 rows × 4 vectors at a time. */
    private void scores4(int r, int width) {
        int d = o.d;
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
        int d = o.d;
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
     * {@code z ← exp(z − max)} there and exact 0 elsewhere, sum and rescale factor.
     */
    private void softmax(int r, int lo, int hi, int width) {
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
        // mNew is a float value (an old or new float maximum), so this cast is exact.
        FloatVector m = FloatVector.broadcast(S, (float) mNew);
        FloatVector vsum = FloatVector.zero(S);
        for (int j = 0; j < width; j += L) {
            FloatVector p = VectorExp.exp(FloatVector.fromArray(S, z, z0 + j).sub(m));
            if (j < first || j >= last) {
                p = p.blend(0f, visible(j, lo, hi).not());
            }
            p.intoArray(z, z0 + j);
            vsum = vsum.add(p);
        }
        // The first tile replaces the empty state: exp(−∞) = 0 without calling exp.
        double a = mOld == Double.NEGATIVE_INFINITY ? 0 : mNew > mOld ? Math.exp(mOld - mNew) : 1;
        alpha[r] = a;
        max[r] = mNew;
        sum[r] = sum[r] * a + laneSum(vsum);
    }

    /**
     * The lanes' sum in lane order, in double. Not {@code reduceLanes(ADD)}: the API leaves its
     * order unspecified, so nothing promises the intrinsic and the interpreter's fallback agree
     * (they did in JitTierBitsTest on JDK 17 x86-64; lanewise EXP did not).
     */
    private double laneSum(FloatVector v) {
        v.intoArray(lanes, 0);
        double s = 0;
        for (int t = 0; t < L; t++) {
            s += lanes[t];
        }
        return s;
    }

    private static VectorMask<Float> visible(int j, int lo, int hi) {
        return IOTA.compare(VectorOperators.GE, lo - j).and(IOTA.compare(VectorOperators.LT, hi - j));
    }

    /** {@code tile[row] = Σ_j p[r+row][j] · v[j]} for the 4 rows from {@code r}, 4 vectors of columns at a time. */
    private void values4(int r, int v0, int count) {
        values4(r, v0, count, ROWS);
    }

    /**
     * {@code tile[t] = Σ_j p[r+t][j] · v[j]} for {@code t < rows} (1 or 4); each lane an FMA chain over
     * {@code j} in order, whatever {@code rows} is.
     */
    private void values4(int r, int v0, int count, int rows) {
        int dv = o.dv;
        float[] v = o.v;
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
                int vc = v0 + j * dv + c;
                FloatVector x0 = FloatVector.fromArray(S, v, vc);
                FloatVector x1 = FloatVector.fromArray(S, v, vc + L);
                FloatVector x2 = FloatVector.fromArray(S, v, vc + 2 * L);
                FloatVector x3 = FloatVector.fromArray(S, v, vc + 3 * L);
                FloatVector p = FloatVector.broadcast(S, z[p0 + j]);
                a00 = p.fma(x0, a00);
                a01 = p.fma(x1, a01);
                a02 = p.fma(x2, a02);
                a03 = p.fma(x3, a03);
                p = FloatVector.broadcast(S, z[p1 + j]);
                a10 = p.fma(x0, a10);
                a11 = p.fma(x1, a11);
                a12 = p.fma(x2, a12);
                a13 = p.fma(x3, a13);
                p = FloatVector.broadcast(S, z[p2 + j]);
                a20 = p.fma(x0, a20);
                a21 = p.fma(x1, a21);
                a22 = p.fma(x2, a22);
                a23 = p.fma(x3, a23);
                p = FloatVector.broadcast(S, z[p3 + j]);
                a30 = p.fma(x0, a30);
                a31 = p.fma(x1, a31);
                a32 = p.fma(x2, a32);
                a33 = p.fma(x3, a33);
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
                int vc = v0 + j * dv + c;
                FloatVector x0 = FloatVector.fromArray(S, v, vc);
                FloatVector x1 = FloatVector.fromArray(S, v, vc + L);
                FloatVector p = FloatVector.broadcast(S, z[p0 + j]);
                a00 = p.fma(x0, a00);
                a01 = p.fma(x1, a01);
                p = FloatVector.broadcast(S, z[p1 + j]);
                a10 = p.fma(x0, a10);
                a11 = p.fma(x1, a11);
                p = FloatVector.broadcast(S, z[p2 + j]);
                a20 = p.fma(x0, a20);
                a21 = p.fma(x1, a21);
                p = FloatVector.broadcast(S, z[p3 + j]);
                a30 = p.fma(x0, a30);
                a31 = p.fma(x1, a31);
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
            VectorMask<Float> cols = S.indexInRange(c, dv);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < count; j++) {
                int vc = v0 + j * dv + c;
                FloatVector x = c + L <= dv ? FloatVector.fromArray(S, v, vc) : FloatVector.fromArray(S, v, vc, cols);
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
        int dv = o.dv;
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
