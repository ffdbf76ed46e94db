package dev.attention.kernel;

import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import java.nio.FloatBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BackwardPass} for float32 on the Vector API: the same tiles and order as
 * {@link DoubleBackward}, in float. The dense products ({@code Q·Kᵀ}, {@code dO·Vᵀ},
 * {@code dS·K} in the query pass; {@code K·Qᵀ}, {@code V·dOᵀ}, {@code Pᵀ·dO}, {@code dSᵀ·Q} in the
 * key pass) are one register-blocked micro-kernel {@link #gemm}, 4 rows × 2 vectors of FMA chains
 * over the inner index in order; {@code P = exp(z − lse)} is {@link VectorExp} on
 * {@code z − lse} formed in double (so a large {@code lse} loses nothing to float rounding).
 *
 * <p>Accuracy as the forward pass: a tile's products are float sums of at most {@code d},
 * {@code d_v} or one block of terms; the sums across tiles ({@code dQ}, {@code dK}, {@code dV}),
 * {@code D} and the element-wise formulas are double. Loaded only after
 * {@link VectorSupport#present()}.
 */
final class FloatBackward extends BackwardPass {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector IOTA = FloatVector.fromArray(S, iota(), 0);
    /** Hidden lanes: zeros blended with the exp under the visible lanes' mask. */
    private static final FloatVector ZERO = FloatVector.zero(S);

    private final FloatBuffer qb;
    private final FloatBuffer kb;
    private final FloatBuffer vb;
    private final FloatBuffer ob;

    FloatBackward(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward, Tensor dOut,
            Tensor dWeights, int block) {
        super(queries, keys, values, spec, forward, dOut, dWeights, block);
        this.qb = q.floatBuffer();
        this.kb = k.floatBuffer();
        this.vb = v.floatBuffer();
        this.ob = dO.floatBuffer();
    }

    @Override
    Worker worker() {
        return new Tiles();
    }

    private final class Tiles implements Worker {
        final int dw = roundUp(d, L);
        final int dvw = roundUp(dv, L);
        final int kw = roundUp(kBlock, L);
        final int qw = roundUp(qBlock, L);
        final int tileSize = Math.max(qBlock * kw, kBlock * qw);
        final float[] x = new float[tileSize];
        final float[] y = new float[tileSize];
        final double[] tanh = cap > 0 ? new double[tileSize] : null;
        final float[] row = new float[Math.max(d, dv)];
        // Query pass: A operands (unpadded rows), B operands (padded rows), product tile, accumulator.
        final float[] qa = new float[qBlock * d];
        final float[] oa = new float[qBlock * dv];
        final float[] kt = new float[d * kw];
        final float[] vt = new float[dv * kw];
        final float[] kr = new float[kBlock * dw];
        final float[] tile = new float[Math.max(qBlock, kBlock) * Math.max(dw, dvw)];
        final double[] acc = new double[qBlock * d];
        // Key pass.
        final float[] ka = new float[kBlock * d];
        final float[] va = new float[kBlock * dv];
        final float[] qt = new float[d * qw];
        final float[] ot = new float[dv * qw];
        final float[] qr = new float[qBlock * dw];
        final float[] or = new float[qBlock * dvw];
        final double[] accK = new double[kBlock * d];
        final double[] accV = new double[kBlock * dv];
        // Per-row state, padded to whole vectors: the key pass reads it across lanes.
        final double[] rowLse = new double[qw];
        final double[] rowD = new double[qw];
        final int[] from = new int[qw];
        final int[] to = new int[qw];
        final boolean[] keep = new boolean[kw];
        /** {@code lse = lseHi + lseLo} in floats, and {@code D} in float, per row: the vector forms. */
        final float[] lseHi = new float[qw];
        final float[] lseLo = new float[qw];
        final float[] rowDf = new float[qw];
        /**
         * Masks as floats, so every vector mask is a float compare (the forward tile's pattern,
         * no boolean-array loads or int-to-float mask casts): the key mask as 1/0 per key, the
         * visible key range per query (exact: indices below 2^24).
         */
        final float[] keepF = new float[kw];
        final float[] fromF = new float[qw];
        final float[] toF = new float[qw];
        final int[] heads = new int[batch * hq];

        @Override
        public void queryTask(int task) {
            int qblock = taskBlock(task);
            int count = taskHeads(task, heads);
            for (int t = 0; t < count; t++) {
                queryBlock(heads[t] / hq, heads[t] % hq, qblock);
            }
        }

        private void queryBlock(int b, int h, int qblock) {
            int i0 = qblock * qBlock;
            int qc = Math.min(qBlock, n - i0);
            if (!rows(b, h, i0, qc, rowLse, rowD, from, to)) {
                return;
            }
            int g = spec.kvHead(h);
            for (int r = 0; r < qc; r++) {
                rowD[r] = rowLse[r] == Double.NEGATIVE_INFINITY ? 0 : outputDot(b, h, i0 + r);
                qb.get(s.query(b, h, i0 + r), qa, r * d, d);
                ob.get(s.output(b, h, i0 + r), oa, r * dv, dv);
            }
            int lo = blockFrom[b * qBlocks + qblock] / kBlock;
            int hi = (blockTo[b * qBlocks + qblock] + kBlock - 1) / kBlock;
            if (dW != null) {
                // D's second term, Σ_j P_ij f_ij dW_ij, needs every weight of the row first.
                for (int kblock = lo; kblock < hi; kblock++) {
                    int j0 = kblock * kBlock;
                    int kc = Math.min(kBlock, m - j0);
                    packKeys(b, g, j0, kc, false);
                    gemm(qa, 0, d, qc, d, kt, 0, kw, kw, x, 0, kw);
                    probabilities(b, h, i0, qc, j0, kc, false, kw);
                    for (int r = 0; r < qc; r++) {
                        for (int c = 0; c < kc; c++) {
                            double p = x[r * kw + c];
                            if (p != 0) {
                                rowD[r] += p * factor(b, h, i0 + r, j0 + c) * weightGradient(b, h, i0 + r, j0 + c);
                            }
                        }
                    }
                }
            }
            for (int r = 0; r < qc; r++) {
                delta[s.row(b, h, i0 + r)] = rowD[r];
            }
            Arrays.fill(acc, 0, qc * d, 0);
            for (int kblock = lo; kblock < hi; kblock++) {
                int j0 = kblock * kBlock;
                int kc = Math.min(kBlock, m - j0);
                packKeys(b, g, j0, kc, true);
                gemm(qa, 0, d, qc, d, kt, 0, kw, kw, x, 0, kw);
                probabilities(b, h, i0, qc, j0, kc, false, kw);
                gemm(oa, 0, dv, qc, dv, vt, 0, kw, kw, y, 0, kw);
                scoreGradients(b, h, i0, qc, j0, kc, false, kw, dBias != null);
                gemm(y, 0, kw, qc, kc, kr, 0, dw, dw, tile, 0, dw);
                for (int r = 0; r < qc; r++) {
                    for (int c = 0; c < d; c++) {
                        acc[r * d + c] += tile[r * dw + c];
                    }
                }
            }
            for (int r = 0; r < qc; r++) {
                int at = s.query(b, h, i0 + r);
                for (int c = 0; c < d; c++) {
                    dq.set(at + c, acc[r * d + c]);
                }
            }
        }

        /** Keys {@code [j0, j0+kc)} of kv head g: transposed into kt (and values into vt, keys as rows into kr). */
        private void packKeys(int b, int g, int j0, int kc, boolean all) {
            keeps(b, j0, kc, keep);
            for (int j = 0; j < kc; j++) {
                kb.get(s.key(b, g, j0 + j), row, 0, d);
                for (int c = 0; c < d; c++) {
                    kt[c * kw + j] = row[c];
                }
                if (all) {
                    System.arraycopy(row, 0, kr, j * dw, d);
                    vb.get(s.value(b, g, j0 + j), row, 0, dv);
                    for (int c = 0; c < dv; c++) {
                        vt[c * kw + j] = row[c];
                    }
                }
            }
            for (int c = 0; c < d; c++) {
                Arrays.fill(kt, c * kw + kc, (c + 1) * kw, 0);
            }
            for (int c = 0; c < dv; c++) {
                Arrays.fill(vt, c * kw + kc, (c + 1) * kw, 0);
            }
        }

        @Override
        public void keyTask(int task) {
            int kblock = task % kBlocks;
            int bg = task / kBlocks;
            int b = bg / s.kvHeads();
            int g = bg % s.kvHeads();
            int j0 = kblock * kBlock;
            int kc = Math.min(kBlock, m - j0);
            keeps(b, j0, kc, keep);
            for (int j = 0; j < kc; j++) {
                kb.get(s.key(b, g, j0 + j), ka, j * d, d);
                vb.get(s.value(b, g, j0 + j), va, j * dv, dv);
            }
            Arrays.fill(accK, 0, kc * d, 0);
            Arrays.fill(accV, 0, kc * dv, 0);
            boolean any = false;
            for (int h = g * group; h < (g + 1) * group; h++) {
                for (int qblock = 0; qblock < qBlocks; qblock++) {
                    if (blockFrom[b * qBlocks + qblock] >= j0 + kc || blockTo[b * qBlocks + qblock] <= j0) {
                        continue;
                    }
                    int i0 = qblock * qBlock;
                    int qc = Math.min(qBlock, n - i0);
                    if (!rows(b, h, i0, qc, rowLse, rowD, from, to)) {
                        continue;
                    }
                    any = true;
                    packQueries(b, h, i0, qc);
                    gemm(ka, 0, d, kc, d, qt, 0, qw, qw, x, 0, qw);
                    probabilities(b, h, i0, qc, j0, kc, true, qw);
                    gemm(va, 0, dv, kc, dv, ot, 0, qw, qw, y, 0, qw);
                    scoreGradients(b, h, i0, qc, j0, kc, true, qw, false);
                    gemm(x, 0, qw, kc, qc, or, 0, dvw, dvw, tile, 0, dvw);
                    for (int r = 0; r < kc; r++) {
                        for (int c = 0; c < dv; c++) {
                            accV[r * dv + c] += tile[r * dvw + c];
                        }
                    }
                    gemm(y, 0, qw, kc, qc, qr, 0, dw, dw, tile, 0, dw);
                    for (int r = 0; r < kc; r++) {
                        for (int c = 0; c < d; c++) {
                            accK[r * d + c] += tile[r * dw + c];
                        }
                    }
                }
            }
            if (!any) {
                return;
            }
            for (int j = 0; j < kc; j++) {
                int kj = s.key(b, g, j0 + j);
                for (int c = 0; c < d; c++) {
                    dk.set(kj + c, accK[j * d + c]);
                }
                int vj = s.value(b, g, j0 + j);
                for (int c = 0; c < dv; c++) {
                    dvs.set(vj + c, accV[j * dv + c]);
                }
            }
        }

        /** Queries and output gradients of rows {@code [i0, i0+qc)} of head h: transposed (qt, ot) and as rows (qr, or). */
        private void packQueries(int b, int h, int i0, int qc) {
            for (int r = 0; r < qc; r++) {
                qb.get(s.query(b, h, i0 + r), qr, r * dw, d);
                ob.get(s.output(b, h, i0 + r), or, r * dvw, dv);
                for (int c = 0; c < d; c++) {
                    qt[c * qw + r] = qr[r * dw + c];
                }
                for (int c = 0; c < dv; c++) {
                    ot[c * qw + r] = or[r * dvw + c];
                }
            }
            for (int c = 0; c < d; c++) {
                Arrays.fill(qt, c * qw + qc, (c + 1) * qw, 0);
            }
            for (int c = 0; c < dv; c++) {
                Arrays.fill(ot, c * qw + qc, (c + 1) * qw, 0);
            }
        }

        /**
         * {@code x ← P} over the tile of queries {@code [i0, i0+qc)} × keys {@code [j0, j0+kc)},
         * from the dot products in {@code x}; rows are keys when {@code transposed}. First
         * {@code z − lse} in double (−∞ where hidden or padding), then one vector exp per row.
         */
        private void probabilities(int b, int h, int i0, int qc, int j0, int kc, boolean transposed, int width) {
            int rowsN = transposed ? kc : qc;
            int lanesN = transposed ? qc : kc;
            boolean general = general();
            if (!general) {
                plainProbabilities(i0, qc, j0, kc, transposed, width);
                return;
            }
            double f = scale / tau;
            for (int r = 0; r < rowsN; r++) {
                int base = r * width;
                for (int c = 0; c < width; c++) {
                    int at = base + c;
                    int qi = transposed ? c : r;
                    int kj = transposed ? r : c;
                    if (c >= lanesN) {
                        x[at] = Float.NEGATIVE_INFINITY;
                        continue;
                    }
                    int j = j0 + kj;
                    if (j < from[qi] || j >= to[qi] || !keep[kj]) {
                        x[at] = Float.NEGATIVE_INFINITY;
                        continue;
                    }
                    x[at] = (float) (general ? argument(b, h, i0 + qi, j, x[at], rowLse[qi], tanh, at)
                            : x[at] * f - rowLse[qi]);
                }
                for (int c = 0; c < width; c += L) {
                    VectorExp.exp(FloatVector.fromArray(S, x, base + c)).intoArray(x, base + c);
                }
            }
        }

        /**
         * {@link #probabilities} without softcap, bias or ALiBi, on vectors: {@code z − lse} as
         * {@code fma(x, s/τ, −lseHi) − lseLo}, hidden lanes masked to exact zeros after the exp.
         */
        private void plainProbabilities(int i0, int qc, int j0, int kc, boolean transposed, int width) {
            float f = (float) (scale / tau);
            FloatVector vf = FloatVector.broadcast(S, f);
            if (!transposed) {
                for (int c = 0; c < kc; c++) {
                    keepF[c] = keep[c] ? 1 : 0;
                }
                for (int r = 0; r < qc; r++) {
                    int base = r * width;
                    double l = rowLse[r];
                    int lo = Math.max(from[r] - j0, 0);
                    int hi = Math.min(to[r] - j0, kc);
                    if (l == Double.NEGATIVE_INFINITY || lo >= hi) {
                        Arrays.fill(x, base, base + width, 0);
                        continue;
                    }
                    float hiF = (float) l;
                    FloatVector lh = FloatVector.broadcast(S, -hiF);
                    FloatVector ll = FloatVector.broadcast(S, (float) (l - hiF));
                    for (int c = 0; c < width; c += L) {
                        FloatVector arg = FloatVector.fromArray(S, x, base + c).fma(vf, lh).sub(ll);
                        VectorMask<Float> vis = IOTA.compare(VectorOperators.GE, lo - c)
                                .and(IOTA.compare(VectorOperators.LT, hi - c))
                                .and(FloatVector.fromArray(S, keepF, c).compare(VectorOperators.NE, 0f));
                        ZERO.blend(VectorExp.exp(arg), vis).intoArray(x, base + c);
                    }
                }
                return;
            }
            for (int c = 0; c < qc; c++) {
                double l = rowLse[c];
                float hiF = l == Double.NEGATIVE_INFINITY ? 0 : (float) l;
                lseHi[c] = -hiF;
                lseLo[c] = l == Double.NEGATIVE_INFINITY ? 0 : (float) (l - hiF);
                fromF[c] = from[c];
                toF[c] = to[c];
            }
            for (int r = 0; r < kc; r++) {
                int base = r * width;
                if (!keep[r]) {
                    Arrays.fill(x, base, base + width, 0);
                    continue;
                }
                float fj = j0 + r;
                for (int c = 0; c < width; c += L) {
                    FloatVector arg = FloatVector.fromArray(S, x, base + c)
                            .fma(vf, FloatVector.fromArray(S, lseHi, c)).sub(FloatVector.fromArray(S, lseLo, c));
                    VectorMask<Float> vis = FloatVector.fromArray(S, fromF, c).compare(VectorOperators.LE, fj)
                            .and(FloatVector.fromArray(S, toF, c).compare(VectorOperators.GT, fj))
                            .and(IOTA.compare(VectorOperators.LT, qc - c));
                    ZERO.blend(VectorExp.exp(arg), vis).intoArray(x, base + c);
                }
            }
        }

        /** {@code dS = P∘(dP − D)·s/τ} on vectors, without dropout, weight gradient, softcap or bias gradient. */
        private void plainGradients(int qc, int kc, boolean transposed, int width, float st) {
            if (!transposed) {
                for (int r = 0; r < qc; r++) {
                    int base = r * width;
                    FloatVector dr = FloatVector.broadcast(S, (float) rowD[r]);
                    for (int c = 0; c < width; c += L) {
                        FloatVector p = FloatVector.fromArray(S, x, base + c);
                        p.mul(FloatVector.fromArray(S, y, base + c).sub(dr)).mul(st).intoArray(y, base + c);
                    }
                }
                return;
            }
            for (int c = 0; c < qc; c++) {
                rowDf[c] = (float) rowD[c];
            }
            for (int r = 0; r < kc; r++) {
                int base = r * width;
                for (int c = 0; c < width; c += L) {
                    FloatVector p = FloatVector.fromArray(S, x, base + c);
                    p.mul(FloatVector.fromArray(S, y, base + c).sub(FloatVector.fromArray(S, rowDf, c))).mul(st)
                            .intoArray(y, base + c);
                }
            }
        }

        /**
         * {@code y ← dS} from {@code P} in {@code x} and {@code dO·vᵀ} in {@code y}; then
         * {@code x ← P∘f} (what dV sums).
         */
        private void scoreGradients(int b, int h, int i0, int qc, int j0, int kc, boolean transposed, int width,
                boolean biasGrad) {
            int rowsN = transposed ? kc : qc;
            int lanesN = transposed ? qc : kc;
            boolean plain = dropout == null && dW == null && cap == 0 && !biasGrad;
            double st = scale / tau;
            if (plain) {
                plainGradients(qc, kc, transposed, width, (float) st);
                return;
            }
            for (int r = 0; r < rowsN; r++) {
                int base = r * width;
                for (int c = 0; c < width; c++) {
                    int at = base + c;
                    double p = x[at];
                    if (p == 0 || c >= lanesN) {
                        y[at] = 0;
                        continue;
                    }
                    int qi = transposed ? c : r;
                    if (plain) {
                        y[at] = (float) (p * (y[at] - rowD[qi]) * st);
                        continue;
                    }
                    int kj = transposed ? r : c;
                    int i = i0 + qi;
                    int j = j0 + kj;
                    double fac = factor(b, h, i, j);
                    y[at] = (float) dScore(b, h, i, j, p, fac, y[at], rowD[qi], tanh, at, biasGrad);
                    x[at] = (float) (p * fac);
                }
            }
        }
    }

    private static float[] iota() {
        float[] a = new float[L];
        for (int t = 0; t < L; t++) {
            a[t] = t;
        }
        return a;
    }

    /**
     * {@code C[r][w] = Σ_{t < terms} A[r][t]·B[t][w]} for {@code r < rows}, {@code w < width}
     * ({@code width} a multiple of the vector length): 4 rows × 2 vectors of accumulators, each lane
     * an FMA chain over {@code t} in order, whatever rows share the micro-kernel.
     */
    static void gemm(float[] a, int aOff, int aStride, int rows, int terms, float[] b, int bOff, int bStride,
            int width, float[] c, int cOff, int cStride) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int a0 = aOff + r * aStride;
            int a1 = a0 + aStride;
            int a2 = a1 + aStride;
            int a3 = a2 + aStride;
            int c0 = cOff + r * cStride;
            int w = 0;
            for (; w + 2 * L <= width; w += 2 * L) {
                FloatVector x00 = FloatVector.zero(S), x01 = x00, x10 = x00, x11 = x00;
                FloatVector x20 = x00, x21 = x00, x30 = x00, x31 = x00;
                for (int t = 0; t < terms; t++) {
                    int bt = bOff + t * bStride + w;
                    FloatVector b0 = FloatVector.fromArray(S, b, bt);
                    FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
                    FloatVector e = FloatVector.broadcast(S, a[a0 + t]);
                    x00 = e.fma(b0, x00);
                    x01 = e.fma(b1, x01);
                    e = FloatVector.broadcast(S, a[a1 + t]);
                    x10 = e.fma(b0, x10);
                    x11 = e.fma(b1, x11);
                    e = FloatVector.broadcast(S, a[a2 + t]);
                    x20 = e.fma(b0, x20);
                    x21 = e.fma(b1, x21);
                    e = FloatVector.broadcast(S, a[a3 + t]);
                    x30 = e.fma(b0, x30);
                    x31 = e.fma(b1, x31);
                }
                int at = c0 + w;
                x00.intoArray(c, at);
                x01.intoArray(c, at + L);
                x10.intoArray(c, at + cStride);
                x11.intoArray(c, at + cStride + L);
                x20.intoArray(c, at + 2 * cStride);
                x21.intoArray(c, at + 2 * cStride + L);
                x30.intoArray(c, at + 3 * cStride);
                x31.intoArray(c, at + 3 * cStride + L);
            }
            for (; w < width; w += L) {
                FloatVector x0 = FloatVector.zero(S), x1 = x0, x2 = x0, x3 = x0;
                for (int t = 0; t < terms; t++) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bOff + t * bStride + w);
                    x0 = FloatVector.broadcast(S, a[a0 + t]).fma(b0, x0);
                    x1 = FloatVector.broadcast(S, a[a1 + t]).fma(b0, x1);
                    x2 = FloatVector.broadcast(S, a[a2 + t]).fma(b0, x2);
                    x3 = FloatVector.broadcast(S, a[a3 + t]).fma(b0, x3);
                }
                int at = c0 + w;
                x0.intoArray(c, at);
                x1.intoArray(c, at + cStride);
                x2.intoArray(c, at + 2 * cStride);
                x3.intoArray(c, at + 3 * cStride);
            }
        }
        for (; r < rows; r++) {
            int a0 = aOff + r * aStride;
            int c0 = cOff + r * cStride;
            for (int w = 0; w < width; w += L) {
                FloatVector x0 = FloatVector.zero(S);
                for (int t = 0; t < terms; t++) {
                    x0 = FloatVector.broadcast(S, a[a0 + t]).fma(FloatVector.fromArray(S, b, bOff + t * bStride + w), x0);
                }
                x0.intoArray(c, c0 + w);
            }
        }
    }
}
