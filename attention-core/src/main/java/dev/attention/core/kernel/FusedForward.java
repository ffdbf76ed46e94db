package dev.attention.core.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * What the fused pass keeps: the output and, per query row, the running maximum
 * {@code m_i = max_j z_ij} and sum {@code l_i = Σ_j exp(z_ij − m_i)} over its visible keys (the
 * log-sum-exp is {@code m_i + log l_i}). Weights are not stored; any row of them is recomputed
 * exactly as {@code w_ij = exp(z_ij − m_i) / l_i} (one more dot product per weight), so a caller
 * asks only for the rows it needs, or streams all of them block by block. Max and sum are kept
 * apart because a single log-sum-exp loses precision when scores are large.
 * Immutable; safe to read from several threads.
 */
public final class FusedForward {
    private final Operands operands;
    private final double factor;
    private final KeyVisibility visibility;
    private final int[] queryLengths;
    private final int[] keyLengths;
    private final double[] maxAndSum;
    private final Tensor output;
    private final boolean renormalise;

    FusedForward(Operands operands, double factor, KeyVisibility visibility, int[] queryLengths, int[] keyLengths,
            double[] maxAndSum, Tensor output, boolean renormalise) {
        this.operands = operands;
        this.factor = factor;
        this.visibility = visibility;
        this.queryLengths = queryLengths;
        this.keyLengths = keyLengths;
        this.maxAndSum = maxAndSum;
        this.output = output;
        this.renormalise = renormalise;
    }

    /** {@code [batch…, n, d_v]} in the queries' dtype. */
    public Tensor output() {
        return output;
    }

    public DType dtype() {
        return operands.dtype();
    }

    public int batchSize() {
        return operands.batch;
    }

    /** Query rows per batch element. */
    public int rows() {
        return operands.n;
    }

    /** Keys per batch element: the width of a weight row. */
    public int keys() {
        return operands.m;
    }

    /**
     * Log-sum-exp of row {@code i} of batch element {@code b}; −∞ for a row that sees no key. After
     * the float32 SIMD pass its error is that of float scores (≈ 1e-7·|z|), not double's.
     */
    public double logSumExp(int b, int i) {
        int row = b * operands.n + i;
        return maxAndSum[2 * row] + Math.log(maxAndSum[2 * row + 1]);
    }

    /**
     * Writes the weights of rows {@code i0 … i0+rows−1} of batch element {@code b} into
     * {@code out} ({@code rows × keys()} doubles, row-major from index 0): hidden and padded keys,
     * and every key of a row that sees none, get exactly 0.
     */
    public void weights(int b, int i0, int rows, double[] out) {
        int m = operands.m;
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            int at = r * m;
            double max = maxAndSum[2 * (b * operands.n + i)];
            double sum = maxAndSum[2 * (b * operands.n + i) + 1];
            if (i >= queryLengths[b] || max == Double.NEGATIVE_INFINITY) {
                Arrays.fill(out, at, at + m, 0);
                continue;
            }
            int lo = Math.min(m, visibility.first(i));
            int hi = Math.max(lo, visibility.end(i, keyLengths[b]));
            Arrays.fill(out, at, at + lo, 0);
            operands.dots(b, i, lo, hi, out, at + lo);
            if (renormalise) {
                // The SIMD pass's max and sum come from float scores, whose absolute error grows with |z|;
                // the row is at hand in double here, so its weights are normalised by their own sum.
                max = Double.NEGATIVE_INFINITY;
                for (int t = at + lo; t < at + hi; t++) {
                    out[t] *= factor;
                    max = Math.max(max, out[t]);
                }
                sum = 0;
                for (int t = at + lo; t < at + hi; t++) {
                    out[t] = Math.exp(out[t] - max);
                    sum += out[t];
                }
                for (int t = at + lo; t < at + hi; t++) {
                    out[t] /= sum;
                }
            } else {
                for (int t = at + lo; t < at + hi; t++) {
                    out[t] = Math.exp(out[t] * factor - max) / sum;
                }
            }
            Arrays.fill(out, at + hi, at + m, 0);
        }
    }

    /**
     * All weights as one {@code [batch…, n, m]} tensor in the output's dtype, computed in parallel
     * over row blocks. This is the {@code n × m} memory the fused pass avoids: ask only when needed.
     */
    public Tensor weights(KernelExecutor executor, int blockRows) {
        int n = operands.n;
        int m = operands.m;
        int[] shape = output.shape();
        shape[shape.length - 1] = m;
        Tensor.Builder w = Tensor.builder(output.dtype(), shape);
        int blocks = (n + blockRows - 1) / blockRows;
        executor.run(operands.batch * blocks, () -> {
            double[] buf = new double[blockRows * m];
            return task -> {
                int b = task / blocks;
                int i0 = (task % blocks) * blockRows;
                int rows = Math.min(blockRows, n - i0);
                weights(b, i0, rows, buf);
                int base = (b * n + i0) * m;
                for (int t = 0; t < rows * m; t++) {
                    w.set(base + t, buf[t]);
                }
            };
        });
        return w.build();
    }
}
