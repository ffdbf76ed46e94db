package dev.attention.kernel;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.Dropout;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The backward pass of the fused kernel, flash style: no {@code n × m} matrix is ever held; each
 * tile of weights is recomputed from the forward pass's log-sum-exps.
 *
 * <p>Per query row {@code i} (batch {@code b}, head {@code h}) and visible key {@code j}, with
 * {@code f_ij} the dropout factor and {@code t_ij = tanh(s_ij/c)} under a softcap {@code c}:
 * <pre>
 *   P_ij  = exp(z_ij − lse_i)                       recomputed per tile
 *   dP_ij = f_ij · (dO_i·v_j + dW_ij)
 *   D_i   = Σ_j P_ij dP_ij = dO_i·O_i + Σ_j P_ij f_ij dW_ij     (O already holds the factors)
 *   G_ij  = P_ij (dP_ij − D_i) / τ                  = dL/d(biased score): the bias gradient
 *   dS_ij = scale · G_ij · (1 − t_ij²)              = dL/d(q_i·k_j)
 *   dQ_i  = Σ_j dS_ij k_j,  dK_j = Σ_{h,i} dS_ij q_i,  dV_j = Σ_{h,i} P_ij f_ij dO_i
 * </pre>
 * The second term of {@code D} exists only with a weight gradient; it then costs one more sweep
 * over the keys in the query pass.
 *
 * <p>Two passes over the {@link KernelExecutor}, so that every output element has exactly one
 * writer and no atomics are needed: first the <em>query pass</em>, one task per (batch, query head,
 * query block), computes {@code D} and {@code dQ} (and the bias gradient: a shared or per-head bias
 * is summed in one task per query block, over batch rows and heads in order); then the
 * <em>key pass</em>, one task per (batch, kv head, key block), sums {@code dK, dV} over every query
 * head of the group and every query block that sees the block. Tiles nobody sees are skipped.
 * Block sizes are fixed, and each task sums in a fixed order, so the bits do not depend on the
 * thread count.
 *
 * <p>Subclasses supply the tiles in one element type: {@link FloatBackward} (float32 on the Vector
 * API) and {@link DoubleBackward} (double tiles, SIMD or scalar products). This class holds the
 * geometry and the element-wise formulas, in double.
 */
abstract class BackwardPass {
    /** Rows per query block and keys per key block: scratch is O(block·(d + block)) per worker. */
    static final int BLOCK = 64;

    final KernelShape s;
    final KernelSpec spec;
    final int batch;
    final int hq;
    final int group;
    final int n;
    final int m;
    final int d;
    final int dv;
    final int qBlock;
    final int kBlock;
    final int qBlocks;
    final int kBlocks;
    final double scale;
    final double tau;
    final double cap;
    final double[] alibi;
    final Tensor bias;
    final Dropout dropout;
    /** The weight gradient, or null. */
    final Tensor dW;
    final double[] lse;
    /** {@code D} per row {@link KernelShape#row}; written by the query pass, read by the key pass. */
    final double[] delta;
    final double[] dBias;
    /** 0 none or constant, 1 shared {@code n·m}, 2 per head, 3 per batch row and head: who sums it. */
    final int biasKind;
    /** Union of the visible key ranges of query block {@code qb} in batch row {@code b}: {@code [b·qBlocks + qb]}. */
    final int[] blockFrom;
    final int[] blockTo;
    /** Operands in the queries' dtype. */
    final Tensor q;
    final Tensor k;
    final Tensor v;
    final Tensor o;
    final Tensor dO;
    final Tensor.Builder dq;
    final Tensor.Builder dk;
    final Tensor.Builder dvs;
    private final DType kType;
    private final DType vType;

    BackwardPass(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward, Tensor dOut,
            Tensor dWeights, int block) {
        this.s = KernelShape.of(queries, keys, values, spec);
        this.spec = spec;
        requireShape("output gradient", dOut, s.outputShape());
        requireShape("forward output", forward.output(), s.outputShape());
        if (dWeights != null) {
            requireShape("weight gradient", dWeights, s.weightsShape());
        }
        DType type = queries.dtype();
        this.q = queries;
        this.k = keys.to(type);
        this.v = values.to(type);
        this.o = forward.output().to(type);
        this.dO = dOut.to(type);
        this.kType = keys.dtype();
        this.vType = values.dtype();
        this.batch = s.batch();
        this.hq = s.queryHeads();
        this.group = hq / s.kvHeads();
        this.n = s.n();
        this.m = s.m();
        this.d = s.d();
        this.dv = s.dv();
        this.qBlock = Math.max(1, Math.min(block, n));
        this.kBlock = Math.max(1, Math.min(block, m));
        this.qBlocks = (n + qBlock - 1) / qBlock;
        this.kBlocks = (m + kBlock - 1) / kBlock;
        this.scale = s.scale();
        this.tau = spec.temperature();
        this.cap = spec.softcap();
        this.alibi = spec.alibi();
        this.bias = spec.bias();
        this.dropout = spec.dropout();
        this.dW = dWeights;
        if (forward.rows() != batch * hq * n) {
            throw new ShapeException("the forward result has " + forward.rows() + " log-sum-exps, expected "
                    + batch * hq * n);
        }
        this.lse = forward.logSumExps();
        this.delta = new double[lse.length];
        this.dBias = spec.biasLearned() ? new double[bias.size()] : null;
        // The same order of tests as KernelShape.biasIndex: which (b, h) pairs share an entry.
        int kind = 0;
        if (dBias != null) {
            int size = bias.size();
            kind = size == n * m ? 1 : size == hq * n * m ? 2 : 3;
        }
        this.biasKind = kind;
        this.blockFrom = new int[batch * qBlocks];
        this.blockTo = new int[batch * qBlocks];
        for (int b = 0; b < batch; b++) {
            for (int qb = 0; qb < qBlocks; qb++) {
                int lo = m;
                int hi = 0;
                for (int i = qb * qBlock, end = Math.min(n, i + qBlock); i < end; i++) {
                    int from = s.from(b, i);
                    int to = s.to(b, i);
                    if (from < to) {
                        lo = Math.min(lo, from);
                        hi = Math.max(hi, to);
                    }
                }
                blockFrom[b * qBlocks + qb] = lo;
                blockTo[b * qBlocks + qb] = hi;
            }
        }
        this.dq = Tensor.builder(type, queries.shape());
        this.dk = Tensor.builder(type, keys.shape());
        this.dvs = Tensor.builder(type, values.shape());
    }

    /**
     * The gradients of {@link AttentionKernel#backward}: float32 on the SIMD path in float tiles,
     * everything else in double tiles (SIMD products for float64 when {@code simd}).
     */
    static KernelGradients compute(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward,
            Tensor dOut, Tensor dWeights, boolean simd, KernelExecutor executor) {
        return compute(queries, keys, values, spec, forward, dOut, dWeights, simd, executor, BLOCK);
    }

    /** {@link #compute} with another block size (tests: many blocks on small shapes). */
    static KernelGradients compute(Tensor queries, Tensor keys, Tensor values, KernelSpec spec, KernelResult forward,
            Tensor dOut, Tensor dWeights, boolean simd, KernelExecutor executor, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block must be ≥ 1, got " + block);
        }
        BackwardPass pass;
        if (simd && queries.dtype() == DType.FLOAT32) {
            pass = new FloatBackward(queries, keys, values, spec, forward, dOut, dWeights, block);
        } else {
            pass = new DoubleBackward(queries, keys, values, spec, forward, dOut, dWeights, block,
                    simd ? new SimdDoubleBackward() : DoubleBackward.SCALAR);
        }
        return pass.run(executor);
    }

    private static void requireShape(String what, Tensor t, int[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new ShapeException(what + " has shape " + ShapeException.format(t.shape()) + ", expected "
                    + ShapeException.format(expected));
        }
    }

    /** One worker's scratch and tiles. */
    interface Worker {
        /** Query pass task: {@code D}, {@code dQ} and the bias gradient of its rows. */
        void queryTask(int task);

        /** Key pass task: {@code dK} and {@code dV} of one key block of one kv head. */
        void keyTask(int task);
    }

    abstract Worker worker();

    /** Runs both passes and assembles the gradients. */
    final KernelGradients run(KernelExecutor executor) {
        executor.run(queryTasks(), () -> {
            Worker w = worker();
            return w::queryTask;
        });
        executor.run(batch * s.kvHeads() * kBlocks, () -> {
            Worker w = worker();
            return w::keyTask;
        });
        Optional<Tensor> gb = dBias == null ? Optional.empty()
                : Optional.of(Tensor.of(bias.dtype(), bias.shape(), dBias));
        return new KernelGradients(dq.build(), dk.build().to(kType), dvs.build().to(vType), gb);
    }

    /** Query pass tasks: per query block, times the (batch, head) pairs that do not share bias entries. */
    final int queryTasks() {
        return switch (biasKind) {
            case 1 -> qBlocks;
            case 2 -> hq * qBlocks;
            default -> batch * hq * qBlocks;
        };
    }

    /** The query block of query pass task {@code task}. */
    final int taskBlock(int task) {
        return task % qBlocks;
    }

    /**
     * The (batch, head) pairs of query pass task {@code task}, as {@code b·hq + h}, in the order
     * they are summed: {@code count} of them, written to {@code out}.
     */
    final int taskHeads(int task, int[] out) {
        int rest = task / qBlocks;
        switch (biasKind) {
            case 1:
                for (int t = 0; t < batch * hq; t++) {
                    out[t] = t;
                }
                return batch * hq;
            case 2:
                for (int b = 0; b < batch; b++) {
                    out[b] = b * hq + rest;
                }
                return batch;
            default:
                out[0] = rest;
                return 1;
        }
    }

    /** {@code dO_i · O_i} in double: the first term of {@code D_i}. */
    final double outputDot(int b, int h, int i) {
        int at = s.output(b, h, i);
        double sum = 0;
        for (int c = 0; c < dv; c++) {
            sum += dO.at(at + c) * o.at(at + c);
        }
        return sum;
    }

    /** True when a spec feature needs the general per-element formula (not just {@code scale·x/τ}). */
    final boolean general() {
        return cap > 0 || bias != null || alibi != null;
    }

    /**
     * {@code z_ij − lse_i} for a visible key from the dot product {@code x = q_i·k_j}; stores
     * {@code tanh(s_ij/c)} in {@code tanh[at]} under a softcap.
     */
    final double argument(int b, int h, int i, int j, double x, double lseI, double[] tanh, int at) {
        double sc = scale * x;
        if (cap > 0) {
            double t = Math.tanh(sc / cap);
            tanh[at] = t;
            sc = cap * t;
        }
        if (bias != null) {
            sc += bias.at(s.biasIndex(b, h, i, j));
        }
        if (alibi != null) {
            sc -= alibi[h] * Math.abs(i - j);
        }
        return sc / tau - lseI;
    }

    /** The dropout factor of (b, h, i, j); 1 without dropout. */
    final double factor(int b, int h, int i, int j) {
        return dropout == null ? 1 : dropout.factor(b, h, i, j);
    }

    /** {@code dL/dW_ij}, 0 without a weight gradient. */
    final double weightGradient(int b, int h, int i, int j) {
        return dW == null ? 0 : dW.at(s.weight(b, h, i) + j);
    }

    /**
     * {@code dS_ij} from {@code P_ij}, the raw {@code dO_i·v_j}, {@code D_i} and the stored tanh:
     * adds {@code G_ij} to the bias gradient when {@code biasGrad}.
     */
    final double dScore(int b, int h, int i, int j, double p, double f, double dpRaw, double dI, double[] tanh,
            int at, boolean biasGrad) {
        double dp = (dpRaw + weightGradient(b, h, i, j)) * f;
        double g = p * (dp - dI) / tau;
        if (biasGrad) {
            dBias[s.biasIndex(b, h, i, j)] += g;
        }
        if (cap > 0) {
            double t = tanh[at];
            g *= 1 - t * t;
        }
        return g * scale;
    }

    /**
     * Fills per-row state of query block rows {@code [i0, i0+rows)} of (b, h): log-sum-exps and
     * visible ranges ({@code to = from} for rows that see nothing). Returns whether any row sees a key.
     */
    final boolean rows(int b, int h, int i0, int rows, double[] rowLse, double[] rowD, int[] from, int[] to) {
        boolean any = false;
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            int row = s.row(b, h, i);
            double l = lse[row];
            rowLse[r] = l;
            rowD[r] = delta[row];
            from[r] = s.from(b, i);
            to[r] = s.to(b, i);
            if (l == Double.NEGATIVE_INFINITY || from[r] >= to[r]) {
                to[r] = from[r];
                rowLse[r] = Double.NEGATIVE_INFINITY;
            } else {
                any = true;
            }
        }
        return any;
    }

    /** Key mask of keys {@code [j0, j0+count)}. */
    final void keeps(int b, int j0, int count, boolean[] keep) {
        for (int j = 0; j < count; j++) {
            keep[j] = s.keeps(b, j0 + j);
        }
    }

    /** Vector width {@code lanes} rounded up: the stride of a padded scratch row. */
    static int roundUp(int x, int lanes) {
        return Math.max(lanes, (x + lanes - 1) / lanes * lanes);
    }
}
