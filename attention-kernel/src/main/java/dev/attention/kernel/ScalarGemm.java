package dev.attention.kernel;

import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * {@link Gemm} without the Vector API, for both dtypes: operands are packed as doubles and every
 * product and sum is double (scalar double arithmetic costs what float does, and float32 results
 * then carry a single rounding, on the write). Micro-kernel {@value #MR} × {@value #NR}: 16 sums in
 * registers, 8 loads per 16 multiply-adds. Plain {@code x·y + s}, not {@code Math.fma}, which is
 * a slow software routine on machines without FMA.
 */
final class ScalarGemm extends Gemm {
    static final int MR = 4;
    static final int NR = 4;
    private static final int KC = 256;
    private static final int MC = 64;
    private static final int NC = 256;

    private final Tensor a;
    private final Tensor b;
    private final double[][] packedA;
    private final double[][] packedB;

    private ScalarGemm(Product p) {
        super(p, MR, NR, KC, MC, NC);
        this.a = p.a;
        this.b = p.b;
        packedA = new double[batch][packedLength(rowSlivers, mr, k)];
        packedB = new double[shared ? 1 : batch][packedLength(colSlivers, nr, k)];
    }

    static Tensor multiply(Product p, KernelExecutor executor) {
        return new ScalarGemm(p).run(executor);
    }

    @Override
    void packA(int t, int from, int to) {
        pack(a, aBase(t), aRowStride(), aDepthStride(), r, mr, from, to, packedA[t]);
    }

    @Override
    void packB(int t, int from, int to) {
        pack(b, bBase(t), bColStride(), bDepthStride(), c, nr, from, to, packedB[t]);
    }

    /** As {@code SimdFloatGemm.pack}: element {@code (l, p)} at {@code base + l·ls + p·ps}. */
    private void pack(Tensor src, int base, int ls, int ps, int lines, int width, int from, int to, double[] dst) {
        for (int s = from; s < to; s++) {
            int l0 = s * width;
            int n = Math.min(width, lines - l0);
            int d0 = s * width * k;
            for (int l = 0; l < n; l++) {
                int at = base + (l0 + l) * ls;
                for (int p = 0, d = d0 + l; p < k; p++, d += width) {
                    dst[d] = src.at(at + p * ps);
                }
            }
        }
    }

    @Override
    KernelExecutor.Worker worker() {
        double[] block = new double[mc * nc];
        return task -> {
            int t = taskBatch(task);
            int i0 = taskRow(task);
            int j0 = taskCol(task);
            int rows = Math.min(mc, r - i0);
            int cols = Math.min(nc, c - j0);
            int is0 = i0 / mr;
            int is1 = ceilDiv(i0 + rows, mr);
            int js0 = j0 / nr;
            int js1 = ceilDiv(j0 + cols, nr);
            Arrays.fill(block, 0, (is1 - is0) * mr * nc, 0);
            double[] pa = packedA[t];
            double[] pb = packedB[shared ? 0 : t];
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                for (int js = js0; js < js1; js++) {
                    int bo = js * nr * k + pc * nr;
                    int co = (js - js0) * nr;
                    for (int is = is0; is < is1; is++) {
                        kernel(pa, is * mr * k + pc * mr, pb, bo, depth, block, (is - is0) * mr * nc + co, nc);
                    }
                }
            }
            int base = (t * r + i0) * c + j0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0, o = base + i * c, q = i * nc; j < cols; j++) {
                    out.set(o + j, block[q + j]);
                }
            }
        };
    }

    /** {@code C[i, j] += Σ_{p<depth} A[i, p]·B[p, j]} for the 4 × 4 tile, as in {@code SimdFloatGemm.kernel}. */
    private static void kernel(double[] a, int ao, double[] b, int bo, int depth, double[] c, int co, int ldc) {
        double c00 = 0;
        double c01 = 0;
        double c02 = 0;
        double c03 = 0;
        double c10 = 0;
        double c11 = 0;
        double c12 = 0;
        double c13 = 0;
        double c20 = 0;
        double c21 = 0;
        double c22 = 0;
        double c23 = 0;
        double c30 = 0;
        double c31 = 0;
        double c32 = 0;
        double c33 = 0;
        for (int p = 0, ap = ao, bp = bo; p < depth; p++, ap += MR, bp += NR) {
            double b0 = b[bp];
            double b1 = b[bp + 1];
            double b2 = b[bp + 2];
            double b3 = b[bp + 3];
            double x = a[ap];
            c00 += x * b0;
            c01 += x * b1;
            c02 += x * b2;
            c03 += x * b3;
            x = a[ap + 1];
            c10 += x * b0;
            c11 += x * b1;
            c12 += x * b2;
            c13 += x * b3;
            x = a[ap + 2];
            c20 += x * b0;
            c21 += x * b1;
            c22 += x * b2;
            c23 += x * b3;
            x = a[ap + 3];
            c30 += x * b0;
            c31 += x * b1;
            c32 += x * b2;
            c33 += x * b3;
        }
        int o = co;
        c[o] += c00;
        c[o + 1] += c01;
        c[o + 2] += c02;
        c[o + 3] += c03;
        o += ldc;
        c[o] += c10;
        c[o + 1] += c11;
        c[o + 2] += c12;
        c[o + 3] += c13;
        o += ldc;
        c[o] += c20;
        c[o + 1] += c21;
        c[o + 2] += c22;
        c[o + 3] += c23;
        o += ldc;
        c[o] += c30;
        c[o + 1] += c31;
        c[o + 2] += c32;
        c[o + 3] += c33;
    }
}
