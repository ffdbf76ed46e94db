package dev.attention.kernel;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * Dense matrix product {@code C = op(A) · op(B)}, the engine's {@code matmul}: packed, cache-blocked
 * and register-blocked in the GotoBLAS/BLIS way, parallel over output blocks. Shapes as
 * {@link dev.attention.api.kernel.AttentionKernel#matmul}: {@code op(A) [batch…, r, k]},
 * {@code op(B) [batch…, k, c]} or a shared {@code [k, c]}, {@code C [batch…, r, c]} in A's dtype
 * (B is converted to it first).
 *
 * <p>Scheme. Both operands are packed once, whole, transposes resolved there: {@code op(A)} of each
 * batch matrix into row slivers of {@link #mr} rows, element {@code (i, p)} of sliver {@code s} at
 * {@code s·mr·k + p·mr + i}; {@code op(B)} into column slivers of {@link #nr} columns, element
 * {@code (p, j)} at {@code s·nr·k + p·nr + j}; the last sliver is padded with zeros, so the
 * micro-kernel never sees a ragged edge. A shared B is packed once for every batch matrix. Then
 * one task per {@code (batch, row block of mc, column block of nc)}: for each {@code kc}-slice
 * {@code pc} of {@code k}, for each B sliver {@code jr} of the block (its {@code kc × nr} slice stays
 * in L1), for each A sliver {@code ir} (the block's {@code mc × kc} slice stays in L2), the
 * micro-kernel computes the {@code mr × nr} product of the two slices in registers, from zero, and
 * adds it to the task's C block. So
 * {@code C[i,j] = Σ_pc (Σ_{p ∈ pc} A[i,p]·B[p,j])}: the inner sums run over p in order in the
 * micro-kernel's precision, the outer ones over the slices in order.
 *
 * <p>Determinism: a task owns its output block and all of {@code k} (k is never split between
 * tasks), and nothing it computes depends on the thread count, which worker runs it, or which rows
 * share its slivers (lanes are independent, padding contributes exact zeros); block sizes depend on
 * the dtype and path only. So any thread count gives the same bits.
 */
abstract class Gemm {
    /** Below this many multiply-adds the product runs in the caller's thread: waking workers costs more. */
    static final long INLINE_WORK = 1L << 18;
    private static final KernelExecutor INLINE = new KernelExecutor(1);
    /** Elements per packing task, so packing spreads over the workers without tiny tasks. */
    private static final int PACK_CHUNK = 1 << 15;

    final int batch;
    final int r;
    final int k;
    final int c;
    final boolean transposeA;
    final boolean transposeB;
    /** B is {@code [k, c]}, one matrix for every batch matrix of A. */
    final boolean shared;
    /** Rows of an A sliver and of the micro-kernel's tile. */
    final int mr;
    /** Columns of a B sliver and of the micro-kernel's tile. */
    final int nr;
    /** Slice of k per pass over a block. */
    final int kc;
    /** Rows per task, a multiple of {@link #mr}. */
    final int mc;
    /** Columns per task, a multiple of {@link #nr}. */
    final int nc;
    final int rowSlivers;
    final int colSlivers;
    final int rowBlocks;
    final int colBlocks;
    final Tensor.Builder out;

    Gemm(Product p, int mr, int nr, int kc, int mc, int nc) {
        this.batch = p.batch;
        this.r = p.r;
        this.k = p.k;
        this.c = p.c;
        this.transposeA = p.transposeA;
        this.transposeB = p.transposeB;
        this.shared = p.shared;
        this.out = p.out;
        this.mr = mr;
        this.nr = nr;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
        this.rowSlivers = ceilDiv(r, mr);
        this.colSlivers = ceilDiv(c, nr);
        this.rowBlocks = ceilDiv(r, mc);
        this.colBlocks = ceilDiv(c, nc);
    }

    /** {@code op(a) · op(b)} as {@link dev.attention.api.kernel.ReferenceKernel#matmul} defines it. */
    static Tensor multiply(Tensor a, boolean transposeA, Tensor b, boolean transposeB, KernelExecutor executor,
            boolean simd) {
        Product p = Product.of(a, transposeA, b, transposeB);
        if ((long) p.batch * p.r * p.c * p.k == 0) {
            return p.out.build();
        }
        if ((long) p.batch * p.r * p.c * p.k < INLINE_WORK) {
            executor = INLINE;
        }
        // The SIMD classes name the Vector API: reached only when it is present (EngineKernel checks).
        if (simd) {
            return a.dtype() == DType.FLOAT32 ? SimdFloatGemm.multiply(p, executor)
                    : SimdDoubleGemm.multiply(p, executor);
        }
        return ScalarGemm.multiply(p, executor);
    }

    /** Packs rows {@code [from·mr, to·mr)} of {@code op(A)} of batch matrix {@code t} (slivers from…to). */
    abstract void packA(int t, int from, int to);

    /** Packs columns {@code [from·nr, to·nr)} of {@code op(B)} of B's batch matrix {@code t}. */
    abstract void packB(int t, int from, int to);

    /** A worker with its own C block scratch, running {@link #blockTask} ids. */
    abstract KernelExecutor.Worker worker();

    /** Packs both operands, then computes every output block; returns the result. */
    final Tensor run(KernelExecutor executor) {
        int aGroup = Math.max(1, PACK_CHUNK / (mr * k));
        int bGroup = Math.max(1, PACK_CHUNK / (nr * k));
        int aPerBatch = ceilDiv(rowSlivers, aGroup);
        int bPerBatch = ceilDiv(colSlivers, bGroup);
        int aTasks = batch * aPerBatch;
        int bTasks = (shared ? 1 : batch) * bPerBatch;
        executor.run(aTasks + bTasks, () -> task -> {
            if (task < aTasks) {
                int from = (task % aPerBatch) * aGroup;
                packA(task / aPerBatch, from, Math.min(rowSlivers, from + aGroup));
            } else {
                int u = task - aTasks;
                int from = (u % bPerBatch) * bGroup;
                packB(u / bPerBatch, from, Math.min(colSlivers, from + bGroup));
            }
        });
        executor.run(batch * rowBlocks * colBlocks, this::worker);
        return out.build();
    }

    /** The batch matrix of a block task. */
    final int taskBatch(int task) {
        return task / (rowBlocks * colBlocks);
    }

    /**
     * The first row of a block task's output block. Row blocks run fastest, so tasks that run
     * together share a column panel of packed B, which then comes from L3 rather than memory.
     */
    final int taskRow(int task) {
        return task % rowBlocks * mc;
    }

    /** The first column of a block task's output block. */
    final int taskCol(int task) {
        return (task / rowBlocks) % colBlocks * nc;
    }

    /**
     * Flat index of {@code op(A)[i, p]} of batch matrix {@code t} in A's storage is
     * {@code aBase(t) + i·aRowStride() + p·aDepthStride()}.
     */
    final int aBase(int t) {
        return t * r * k;
    }

    final int aRowStride() {
        return transposeA ? 1 : k;
    }

    final int aDepthStride() {
        return transposeA ? r : 1;
    }

    /** Flat index of {@code op(B)[p, j]} is {@code bBase(t) + j·bColStride() + p·bDepthStride()}. */
    final int bBase(int t) {
        return t * k * c;
    }

    final int bColStride() {
        return transposeB ? k : 1;
    }

    final int bDepthStride() {
        return transposeB ? 1 : c;
    }

    /** Length of a packed matrix of {@code slivers × width} lines of depth k, which must fit an array. */
    static int packedLength(int slivers, int width, int k) {
        long n = (long) slivers * width * k;
        if (n > Integer.MAX_VALUE - 8) {
            throw new ShapeException("matmul: a packed operand of " + slivers * (long) width + " × " + k
                    + " elements does not fit an array");
        }
        return (int) n;
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** {@code x} rounded down to a multiple of {@code m}, at least {@code m}. */
    static int multipleOf(int m, int x) {
        return Math.max(m, x / m * m);
    }

    /** A validated product: operands in A's dtype, geometry, and the result's builder (zeros). */
    static final class Product {
        final Tensor a;
        final Tensor b;
        final boolean transposeA;
        final boolean transposeB;
        final boolean shared;
        final int batch;
        final int r;
        final int k;
        final int c;
        final Tensor.Builder out;

        private Product(Tensor a, boolean transposeA, Tensor b, boolean transposeB, int r, int k, int c,
                Tensor.Builder out) {
            this.a = a;
            this.b = b;
            this.transposeA = transposeA;
            this.transposeB = transposeB;
            this.shared = b.rank() == 2;
            this.batch = a.batchSize();
            this.r = r;
            this.k = k;
            this.c = c;
            this.out = out;
        }

        /** @throws ShapeException as the reference kernel does, with the same message */
        static Product of(Tensor a, boolean ta, Tensor b, boolean tb) {
            int ar = ta ? a.cols() : a.rows();
            int ak = ta ? a.rows() : a.cols();
            int bk = tb ? b.cols() : b.rows();
            int bc = tb ? b.rows() : b.cols();
            boolean shared = b.rank() == 2;
            if (ak != bk || (!shared && !Arrays.equals(a.batchShape(), b.batchShape()))) {
                throw new ShapeException("cannot multiply " + ShapeException.format(a.shape()) + (ta ? "ᵀ" : "")
                        + " by " + ShapeException.format(b.shape()) + (tb ? "ᵀ" : ""));
            }
            int[] shape = a.shape();
            shape[shape.length - 2] = ar;
            shape[shape.length - 1] = bc;
            return new Product(a, ta, b.to(a.dtype()), tb, ar, ak, bc, Tensor.builder(a.dtype(), shape));
        }
    }
}
