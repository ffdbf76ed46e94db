package dev.attention.kernel;

import dev.attention.api.Tensor;
import java.nio.DoubleBuffer;
import java.util.Arrays;

/**
 * {@link Gemm} without the Vector API, for both dtypes: every product and sum is double (float32
 * results then carry a single rounding, on the write).
 *
 * <p>The inner loop is an {@code axpy} over a row of the output block, {@code t[j] += A[i,p]·B[p,j]},
 * which C2 turns into vector code (decision 66): so a B sliver is {@value #NC} columns wide and
 * packed as one array per row {@code p} (every array read from index 0, which JDK 17's C2 needs to
 * vectorise), and each pass adds four terms of a row's sums. A is not packed: a task reads its rows
 * of {@code op(A)} into scratch. Each {@code kc}-slice is summed from zero into a scratch row and
 * then added to the output row, so {@code C[i,j]} is the sum {@link Gemm} documents, in the same
 * order: the same bits as any other schedule of it. Plain {@code x·y + s}, not {@code Math.fma},
 * which is a slow software routine on machines without FMA.
 */
final class ScalarGemm extends Gemm {
    static final int MR = 4;
    private static final int KC = 256;
    private static final int MC = 64;
    private static final int NC = 256;

    private final Tensor a;
    private final Tensor b;
    /** Per B batch matrix, row {@code p} of sliver {@code s} at {@code s·k + p}, {@link #nr} columns (zeros past the last). */
    private final double[][][] packedB;

    private ScalarGemm(Product p) {
        super(p, MR, Math.min(NC, p.c), KC, MC, Math.min(NC, p.c));
        this.a = p.a;
        this.b = p.b;
        packedB = new double[shared ? 1 : batch][packedLength(colSlivers, 1, k)][];
    }

    static Tensor multiply(Product p, KernelExecutor executor) {
        return new ScalarGemm(p).run(executor);
    }

    /** Nothing: a task reads its rows of A itself ({@link #worker}). */
    @Override
    void packA(int t, int from, int to) {
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
        double[][] rowsOfA = new double[mc][k];
        double[] run = transposeA ? new double[mc] : null;
        double[] row = new double[nc];
        double[] slice = new double[nc];
        return task -> {
            int t = taskBatch(task);
            int i0 = taskRow(task);
            int j0 = taskCol(task);
            int rows = Math.min(mc, r - i0);
            int cols = Math.min(nc, c - j0);
            readA(t, i0, rows, rowsOfA, run);
            double[][] pb = packedB[shared ? 0 : t];
            int bs = j0 / nr * k;
            int base = (t * r + i0) * c + j0;
            for (int i = 0; i < rows; i++) {
                double[] x = rowsOfA[i];
                Arrays.fill(row, 0, cols, 0);
                for (int pc = 0; pc < k; pc += kc) {
                    int end = Math.min(k, pc + kc);
                    Arrays.fill(slice, 0, cols, 0);
                    int p = pc;
                    for (; p + 3 < end; p += 4) {
                        Axpy.axpy4(x[p], pb[bs + p], x[p + 1], pb[bs + p + 1], x[p + 2], pb[bs + p + 2], x[p + 3],
                                pb[bs + p + 3], slice, cols);
                    }
                    for (; p < end; p++) {
                        Axpy.axpy(x[p], pb[bs + p], slice, cols);
                    }
                    for (int j = 0; j < cols; j++) {
                        row[j] += slice[j];
                    }
                }
                out.set(base + i * c, DoubleBuffer.wrap(row, 0, cols));
            }
        };
    }

    /** {@code dst[i][p] = op(A)[i0 + i, p]} of batch matrix {@code t}, in runs of A's storage. */
    private void readA(int t, int i0, int rows, double[][] dst, double[] run) {
        int base = aBase(t);
        if (!transposeA) {
            for (int i = 0; i < rows; i++) {
                a.copyTo(base + (i0 + i) * k, dst[i], 0, k);
            }
            return;
        }
        // op(A)[i, p] = a[p, i]: a run of a's row p holds column p of these rows.
        for (int p = 0; p < k; p++) {
            a.copyTo(base + p * r + i0, run, 0, rows);
            for (int i = 0; i < rows; i++) {
                dst[i][p] = run[i];
            }
        }
    }
}
