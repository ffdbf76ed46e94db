package dev.attention.kernel;

import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelSpec;
import java.util.Arrays;

/**
 * {@link BackwardPass} on double tiles: float64 operands (SIMD or scalar products), and float32
 * operands on the scalar path (read into double, so that path is at least as accurate as the
 * SIMD one). Tiles are row-major with rows padded to whole vectors ({@link Products#lanes()}),
 * padding lanes exact zeros.
 *
 * <p>The query pass works on {@code S = Q·Kᵀ} tiles (rows = queries, lanes = keys); the key pass
 * on {@code Sᵀ = K·Qᵀ} tiles (rows = keys, lanes = queries), so each of its products
 * ({@code Pᵀ·dO}, {@code dSᵀ·Q}) reads tile rows as contiguous broadcasts. Both are the same
 * FMA chain over {@code c}, so the two passes recompute the same {@code P} bits.
 */
final class DoubleBackward extends BackwardPass {
    /** {@code C = A·B}: the dense tile products, SIMD or scalar. */
    interface Products {
        /** Lanes a padded row is a multiple of. */
        int lanes();

        /**
         * {@code C[r][w] = Σ_{t < terms} A[r][t]·B[t][w]} for {@code r < rows}, {@code w < width}
         * ({@code width} a multiple of {@link #lanes()}); each sum in order of {@code t}.
         */
        void gemm(double[] a, int aOff, int aStride, int rows, int terms, double[] b, int bOff, int bStride,
                int width, double[] c, int cOff, int cStride);
    }

    /** Plain loops: each {@code C[r][w]} accumulates {@code A[r][t]·B[t][w]} in order of {@code t}. */
    static final Products SCALAR = new Products() {
        @Override
        public int lanes() {
            return 1;
        }

        @Override
        public void gemm(double[] a, int aOff, int aStride, int rows, int terms, double[] b, int bOff, int bStride,
                int width, double[] c, int cOff, int cStride) {
            for (int r = 0; r < rows; r++) {
                int cr = cOff + r * cStride;
                Arrays.fill(c, cr, cr + width, 0);
                int ar = aOff + r * aStride;
                for (int t = 0; t < terms; t++) {
                    double x = a[ar + t];
                    if (x == 0) {
                        continue;
                    }
                    int bt = bOff + t * bStride;
                    for (int w = 0; w < width; w++) {
                        c[cr + w] += x * b[bt + w];
                    }
                }
            }
        }
    };

    private final Products products;
    private final int lanes;

    DoubleBackward(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward, Tensor dOut,
            Tensor dWeights, int block, Products products) {
        super(queries, keys, values, spec, forward, dOut, dWeights, block);
        this.products = products;
        this.lanes = products.lanes();
    }

    @Override
    Worker worker() {
        return new Tiles();
    }

    private final class Tiles implements Worker {
        final int dw = roundUp(d, lanes);
        final int dvw = roundUp(dv, lanes);
        final int kw = roundUp(kBlock, lanes);
        final int qw = roundUp(qBlock, lanes);
        final int tileSize = Math.max(qBlock * kw, kBlock * qw);
        final double[] x = new double[tileSize];
        final double[] y = new double[tileSize];
        final double[] tanh = cap > 0 ? new double[tileSize] : null;
        // Query pass: A operands (unpadded rows), B operands (padded rows), product tile, accumulator.
        final double[] qa = new double[qBlock * d];
        final double[] oa = new double[qBlock * dv];
        final double[] kt = new double[d * kw];
        final double[] vt = new double[dv * kw];
        final double[] kr = new double[kBlock * dw];
        final double[] tile = new double[Math.max(qBlock, kBlock) * Math.max(dw, dvw)];
        final double[] acc = new double[qBlock * d];
        // Key pass.
        final double[] ka = new double[kBlock * d];
        final double[] va = new double[kBlock * dv];
        final double[] qt = new double[d * qw];
        final double[] ot = new double[dv * qw];
        final double[] qr = new double[qBlock * dw];
        final double[] or = new double[qBlock * dvw];
        final double[] accK = new double[kBlock * d];
        final double[] accV = new double[kBlock * dv];
        // Per-row state of the current query block, and the key mask of the current key block.
        final double[] rowLse = new double[qBlock];
        final double[] rowD = new double[qBlock];
        final int[] from = new int[qBlock];
        final int[] to = new int[qBlock];
        final boolean[] keep = new boolean[kBlock];
        final int[] heads = new int[batch * hq];

        @Override
        public void queryTask(int task) {
            int qb = taskBlock(task);
            int count = taskHeads(task, heads);
            for (int t = 0; t < count; t++) {
                queryBlock(heads[t] / hq, heads[t] % hq, qb);
            }
        }

        private void queryBlock(int b, int h, int qb) {
            int i0 = qb * qBlock;
            int qc = Math.min(qBlock, n - i0);
            if (!rows(b, h, i0, qc, rowLse, rowD, from, to)) {
                return;
            }
            int g = spec.kvHead(h);
            for (int r = 0; r < qc; r++) {
                rowD[r] = rowLse[r] == Double.NEGATIVE_INFINITY ? 0 : outputDot(b, h, i0 + r);
                read(q, s.query(b, h, i0 + r), d, qa, r * d);
                read(dO, s.output(b, h, i0 + r), dv, oa, r * dv);
            }
            int lo = blockFrom[b * qBlocks + qb] / kBlock;
            int hi = (blockTo[b * qBlocks + qb] + kBlock - 1) / kBlock;
            if (dW != null) {
                // D's second term, Σ_j P_ij f_ij dW_ij, needs every weight of the row first.
                for (int kb = lo; kb < hi; kb++) {
                    int j0 = kb * kBlock;
                    int kc = Math.min(kBlock, m - j0);
                    packKeys(b, g, j0, kc, false);
                    products.gemm(qa, 0, d, qc, d, kt, 0, kw, kw, x, 0, kw);
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
            for (int kb = lo; kb < hi; kb++) {
                int j0 = kb * kBlock;
                int kc = Math.min(kBlock, m - j0);
                packKeys(b, g, j0, kc, true);
                products.gemm(qa, 0, d, qc, d, kt, 0, kw, kw, x, 0, kw);
                probabilities(b, h, i0, qc, j0, kc, false, kw);
                products.gemm(oa, 0, dv, qc, dv, vt, 0, kw, kw, y, 0, kw);
                scoreGradients(b, h, i0, qc, j0, kc, false, kw, dBias != null);
                products.gemm(y, 0, kw, qc, kc, kr, 0, dw, dw, tile, 0, dw);
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
                int kj = s.key(b, g, j0 + j);
                for (int c = 0; c < d; c++) {
                    double e = k.at(kj + c);
                    kt[c * kw + j] = e;
                    if (all) {
                        kr[j * dw + c] = e;
                    }
                }
                if (all) {
                    int vj = s.value(b, g, j0 + j);
                    for (int c = 0; c < dv; c++) {
                        vt[c * kw + j] = v.at(vj + c);
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
            int kb = task % kBlocks;
            int bg = task / kBlocks;
            int b = bg / s.kvHeads();
            int g = bg % s.kvHeads();
            int j0 = kb * kBlock;
            int kc = Math.min(kBlock, m - j0);
            keeps(b, j0, kc, keep);
            for (int j = 0; j < kc; j++) {
                read(k, s.key(b, g, j0 + j), d, ka, j * d);
                read(v, s.value(b, g, j0 + j), dv, va, j * dv);
            }
            Arrays.fill(accK, 0, kc * d, 0);
            Arrays.fill(accV, 0, kc * dv, 0);
            boolean any = false;
            for (int h = g * group; h < (g + 1) * group; h++) {
                for (int qb = 0; qb < qBlocks; qb++) {
                    if (blockFrom[b * qBlocks + qb] >= j0 + kc || blockTo[b * qBlocks + qb] <= j0) {
                        continue;
                    }
                    int i0 = qb * qBlock;
                    int qc = Math.min(qBlock, n - i0);
                    if (!rows(b, h, i0, qc, rowLse, rowD, from, to)) {
                        continue;
                    }
                    any = true;
                    packQueries(b, h, i0, qc);
                    products.gemm(ka, 0, d, kc, d, qt, 0, qw, qw, x, 0, qw);
                    probabilities(b, h, i0, qc, j0, kc, true, qw);
                    products.gemm(va, 0, dv, kc, dv, ot, 0, qw, qw, y, 0, qw);
                    scoreGradients(b, h, i0, qc, j0, kc, true, qw, false);
                    products.gemm(x, 0, qw, kc, qc, or, 0, dvw, dvw, tile, 0, dvw);
                    for (int r = 0; r < kc; r++) {
                        for (int c = 0; c < dv; c++) {
                            accV[r * dv + c] += tile[r * dvw + c];
                        }
                    }
                    products.gemm(y, 0, qw, kc, qc, qr, 0, dw, dw, tile, 0, dw);
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
                int qi = s.query(b, h, i0 + r);
                for (int c = 0; c < d; c++) {
                    double e = q.at(qi + c);
                    qt[c * qw + r] = e;
                    qr[r * dw + c] = e;
                }
                int oi = s.output(b, h, i0 + r);
                for (int c = 0; c < dv; c++) {
                    double e = dO.at(oi + c);
                    ot[c * qw + r] = e;
                    or[r * dvw + c] = e;
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
         * from the dot products in {@code x}; rows are keys when {@code transposed}. Hidden
         * positions and padding lanes become exact zeros.
         */
        private void probabilities(int b, int h, int i0, int qc, int j0, int kc, boolean transposed, int width) {
            int rowsN = transposed ? kc : qc;
            int lanesN = transposed ? qc : kc;
            boolean general = general();
            double f = scale / tau;
            for (int r = 0; r < rowsN; r++) {
                int base = r * width;
                for (int c = 0; c < width; c++) {
                    int at = base + c;
                    int qi = transposed ? c : r;
                    int kj = transposed ? r : c;
                    if (c >= lanesN) {
                        x[at] = 0;
                        continue;
                    }
                    int j = j0 + kj;
                    if (j < from[qi] || j >= to[qi] || !keep[kj]) {
                        x[at] = 0;
                        continue;
                    }
                    double arg = general ? argument(b, h, i0 + qi, j, x[at], rowLse[qi], tanh, at)
                            : x[at] * f - rowLse[qi];
                    x[at] = Math.exp(arg);
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
                        y[at] = p * (y[at] - rowD[qi]) * st;
                        continue;
                    }
                    int kj = transposed ? r : c;
                    int i = i0 + qi;
                    int j = j0 + kj;
                    double fac = factor(b, h, i, j);
                    y[at] = dScore(b, h, i, j, p, fac, y[at], rowD[qi], tanh, at, biasGrad);
                    x[at] = p * fac;
                }
            }
        }
    }

    private static void read(Tensor t, int at, int count, double[] dst, int to) {
        for (int c = 0; c < count; c++) {
            dst[to + c] = t.at(at + c);
        }
    }
}
