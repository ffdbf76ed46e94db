package dev.attention.kernel;

import dev.attention.api.Tensor;
import java.nio.DoubleBuffer;
import java.util.Arrays;

/**
 * {@link Gemm} without the Vector API, for both dtypes: operands are packed as doubles and every
 * product and sum is double (float32 results then carry a single rounding, on the write).
 *
 * <p>The inner loop is an {@code axpy} over a row of the output block, {@code t[j] += A[i,p]·B[p,j]},
 * which C2 turns into vector code (decision 66): so a B sliver is {@value #NC} columns wide and
 * packed as one array per row {@code p} (every array read from index 0, which JDK 17's C2 needs to
 * vectorise), and each pass adds four terms of a row's sums. Each {@code kc}-slice is summed from
 * zero into a scratch row and then added to the block, so {@code C[i,j]} is the sum {@link Gemm}
 * documents, in the same order: the same bits as any other schedule of it. Plain {@code x·y + s},
 * not {@code Math.fma}, which is a slow software routine on machines without FMA.
 */
final class ScalarGemm extends Gemm {
    static final int MR = 4;
    private static final int KC = 256;
    private static final int MC = 64;
    private static final int NC = 256;

    private final Tensor a;
    private final Tensor b;
    private final double[][] packedA;
    /** Per B batch matrix, row {@code p} of sliver {@code s} at {@code s·k + p}, {@link #nr} columns (zeros past the last). */
    private final double[][][] packedB;

    private ScalarGemm(Product p) {
        super(p, MR, Math.min(NC, p.c), KC, MC, Math.min(NC, p.c));
        this.a = p.a;
        this.b = p.b;
        packedA = new double[batch][packedLength(rowSlivers, mr, k)];
        packedB = new double[shared ? 1 : batch][packedLength(colSlivers, 1, k)][];
    }

    static Tensor multiply(Product p, KernelExecutor executor) {
        return new ScalarGemm(p).run(executor);
    }

    @Override
    void packA(int t, int from, int to) {
        int base = aBase(t);
        double[] dst = packedA[t];
        // Runs of A's storage in bulk (Tensor.copyTo), then into the sliver's order.
        double[] run = new double[transposeA ? mr : k];
        for (int s = from; s < to; s++) {
            int l0 = s * mr;
            int n = Math.min(mr, r - l0);
            int d0 = s * mr * k;
            if (transposeA) {
                for (int p = 0; p < k; p++) {
                    a.copyTo(base + p * r + l0, run, 0, n);
                    for (int l = 0; l < n; l++) {
                        dst[d0 + p * mr + l] = run[l];
                    }
                }
            } else {
                for (int l = 0; l < n; l++) {
                    a.copyTo(base + (l0 + l) * k, run, 0, k);
                    for (int p = 0; p < k; p++) {
                        dst[d0 + p * mr + l] = run[p];
                    }
                }
            }
        }
    }

    @Override
    void packB(int t, int from, int to) {
        int base = bBase(t);
        double[][] dst = packedB[t];
        double[] run = transposeB ? new double[k] : null;
        for (int s = from; s < to; s++) {
            int j0 = s * nr;
            int n = Math.min(nr, c - j0);
            for (int p = 0; p < k; p++) {
                dst[s * k + p] = new double[nr];
            }
            if (transposeB) {
                // op(B)[p, j] = b[j, p]: a run of b per column j, spread over the rows p.
                for (int j = 0; j < n; j++) {
                    b.copyTo(base + (j0 + j) * k, run, 0, k);
                    for (int p = 0; p < k; p++) {
                        dst[s * k + p][j] = run[p];
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    b.copyTo(base + p * c + j0, dst[s * k + p], 0, n);
                }
            }
        }
    }

    @Override
    KernelExecutor.Worker worker() {
        double[][] block = new double[mc][nc];
        double[][] slice = new double[MR][nc];
        return task -> {
            int t = taskBatch(task);
            int i0 = taskRow(task);
            int j0 = taskCol(task);
            int rows = Math.min(mc, r - i0);
            int cols = Math.min(nc, c - j0);
            double[] pa = packedA[t];
            double[][] pb = packedB[shared ? 0 : t];
            int bs = j0 / nr * k;
            for (int i = 0; i < rows; i++) {
                Arrays.fill(block[i], 0, cols, 0);
            }
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                for (int is = i0 / mr; is * mr < i0 + rows; is++) {
                    for (double[] row : slice) {
                        Arrays.fill(row, 0, cols, 0);
                    }
                    kernel(pa, is * mr * k + pc * mr, pb, bs + pc, depth, slice, cols);
                    int live = Math.min(mr, i0 + rows - is * mr);
                    for (int l = 0; l < live; l++) {
                        add(slice[l], block[is * mr - i0 + l], cols);
                    }
                }
            }
            int base = (t * r + i0) * c + j0;
            for (int i = 0; i < rows; i++) {
                out.set(base + i * c, DoubleBuffer.wrap(block[i], 0, cols));
            }
        };
    }

    /** {@code y[j] += x[j]} for {@code j < cols}. */
    private static void add(double[] x, double[] y, int cols) {
        for (int j = 0; j < cols; j++) {
            y[j] += x[j];
        }
    }

    /**
     * {@code t_l[j] += Σ_{p<depth} A[l, p]·B[p, j]} for the sliver's four rows {@code l}, each sum
     * over {@code p} in order, four terms per pass; A's element {@code (l, p)} at
     * {@code ao + p·4 + l}, B's row {@code p} is {@code b[bo + p]}.
     */
    private static void kernel(double[] a, int ao, double[][] b, int bo, int depth, double[][] t, int cols) {
        for (int l = 0; l < MR; l++) {
            double[] y = t[l];
            int p = 0;
            for (int ap = ao + l; p + 3 < depth; p += 4, ap += 4 * MR) {
                Axpy.axpy4(a[ap], b[bo + p], a[ap + MR], b[bo + p + 1], a[ap + 2 * MR], b[bo + p + 2], a[ap + 3 * MR],
                        b[bo + p + 3], y, cols);
            }
            for (int ap = ao + l + p * MR; p < depth; p++, ap += MR) {
                Axpy.axpy(a[ap], b[bo + p], y, cols);
            }
        }
    }
}
