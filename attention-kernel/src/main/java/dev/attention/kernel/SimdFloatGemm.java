package dev.attention.kernel;

import dev.attention.api.Tensor;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} in float32 on the Vector API.
 *
 * <p>Micro-kernel: {@value #MR} rows × 2 vectors of columns ({@code NR = 2·L} for the preferred
 * species' L lanes), 12 accumulators plus two B vectors and a broadcast A element: 15 registers,
 * so it fits AVX2's 16 as well as AVX-512's 32, and 12 independent FMA chains cover the FMA
 * latency × throughput of current cores. Per step of {@code p}: load B's two vectors
 * {@code B[p, j…j+NR)}, broadcast each of the {@value #MR} elements {@code A[i, p]}, 12 FMAs.
 * (Measured alone on Zen 5 at AVX-512, 6×2, 8×2, 4×4 and 14×2 tiles all ran at 200–210 float32
 * GFLOP/s per core; 6×2 is the one that also fits 16 registers.) Block sizes: a {@code kc × NR}
 * slice of B is 32 KiB (kc = {@value #KC}), two thirds of a 48 KiB L1; an {@code mc × kc} block
 * of A is a share of a 1 MiB L2; {@code nc} (= {@value #NC}) bounds a task's C block.
 *
 * <p>Accuracy: like BLAS sgemm, products and sums are float32 (FMA, one rounding per step) within
 * a kc-slice and the slices' sums are added in float32, so {@code C[i,j]} errs by at most about
 * {@code u·(kc + k/kc)·Σ_p|A[i,p]·B[p,j]|} ({@code u = 2^-24}), typically by a square root of that
 * factor. Against the double reference, measured as {@code max|C − C_ref| / max|C_ref|} on
 * uniform operands of one sign (the hard case) and of mixed sign, 7 × k × 37: 2e-7 to 5.3e-7 for
 * k from 256 to 10 000; {@code GemmTest} holds it to 1e-5.
 *
 * <p>Every operation is defined lane by lane (loads, broadcast, FMA, add), so interpreted and
 * compiled code give the same bits.
 */
final class SimdFloatGemm extends Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    private static final int NR = 2 * L;
    /** A kc × NR slice of B: 32 KiB with AVX-512. */
    static final int KC = 256;
    /** An mc × kc block of A: 144 KiB, a share of a 1 MiB L2. */
    static final int MC = 144;
    /** Columns per task: with mc, a C block of 288 KiB (float) or 384 KiB (double). */
    static final int NC = 512;

    private final FloatBuffer a;
    private final FloatBuffer b;
    private final float[][] packedA;
    private final float[][] packedB;

    private SimdFloatGemm(Product p) {
        super(p, MR, NR, KC, multipleOf(MR, MC), multipleOf(NR, NC));
        this.a = p.a.floatBuffer();
        this.b = p.b.floatBuffer();
        packedA = new float[batch][packedLength(rowSlivers, mr, k)];
        packedB = new float[shared ? 1 : batch][packedLength(colSlivers, nr, k)];
    }

    static Tensor multiply(Product p, KernelExecutor executor) {
        return new SimdFloatGemm(p).run(executor);
    }

    @Override
    void packA(int t, int from, int to) {
        pack(a, aBase(t), aRowStride(), aDepthStride(), r, mr, from, to, packedA[t]);
    }

    @Override
    void packB(int t, int from, int to) {
        pack(b, bBase(t), bColStride(), bDepthStride(), c, nr, from, to, packedB[t]);
    }

    /**
     * Lines {@code [from·width, to·width)} (rows of op(A) or columns of op(B)), element
     * {@code (l, p)} at {@code base + l·ls + p·ps} of {@code src}, into slivers of {@code dst};
     * lines past {@code lines} stay zero. One of the strides is 1: copy along it.
     */
    private void pack(FloatBuffer src, int base, int ls, int ps, int lines, int width, int from, int to,
            float[] dst) {
        for (int s = from; s < to; s++) {
            int l0 = s * width;
            int n = Math.min(width, lines - l0);
            int d0 = s * width * k;
            if (ps == 1) {
                for (int l = 0; l < n; l++) {
                    int at = base + (l0 + l) * ls;
                    for (int p = 0, d = d0 + l; p < k; p++, d += width) {
                        dst[d] = src.get(at + p);
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    src.get(base + l0 + p * ps, dst, d0 + p * width, n);
                }
            }
        }
    }

    @Override
    KernelExecutor.Worker worker() {
        float[] block = new float[mc * nc];
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
            float[] pa = packedA[t];
            float[] pb = packedB[shared ? 0 : t];
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                for (int js = js0; js < js1; js++) {
                    int bo = js * nr * k + pc * nr;
                    int co = (js - js0) * nr;
                    for (int is = is0; is < is1; is++) {
                        kernel(pa, is * mr * k + pc * mr, pb, bo, depth, block, (is - is0) * mr * nc + co, nc, pc == 0);
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

    /**
     * {@code C[i, j] += Σ_{p<depth} A[i, p]·B[p, j]} for the {@value #MR} × NR tile: A's sliver slice at
     * {@code ao} ({@code p·MR + i}), B's at {@code bo} ({@code p·NR + j}), C at {@code co + i·ldc + j}.
     * The sum starts from zero in registers and is added to C once, at the end; on the first
     * slice ({@code first}) it is stored instead, so the C block needs no clearing
     * ({@code +0 + s} and {@code s} are the same bits, as {@code s} is never {@code −0}).
     */
    private static void kernel(float[] a, int ao, float[] b, int bo, int depth, float[] c, int co, int ldc,
            boolean first) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0, ap = ao, bp = bo; p < depth; p++, ap += MR, bp += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        int o = co;
        if (first) {
            c00.intoArray(c, o);
            c01.intoArray(c, o + L);
            o += ldc;
            c10.intoArray(c, o);
            c11.intoArray(c, o + L);
            o += ldc;
            c20.intoArray(c, o);
            c21.intoArray(c, o + L);
            o += ldc;
            c30.intoArray(c, o);
            c31.intoArray(c, o + L);
            o += ldc;
            c40.intoArray(c, o);
            c41.intoArray(c, o + L);
            o += ldc;
            c50.intoArray(c, o);
            c51.intoArray(c, o + L);
        } else {
            c00.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
            c01.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
            o += ldc;
            c10.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
            c11.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
            o += ldc;
            c20.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
            c21.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
            o += ldc;
            c30.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
            c31.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
            o += ldc;
            c40.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
            c41.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
            o += ldc;
            c50.add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
            c51.add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
        }
    }
}
