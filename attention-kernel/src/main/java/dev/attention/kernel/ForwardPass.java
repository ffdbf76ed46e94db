package dev.attention.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.CounterRandom;
import dev.attention.api.kernel.Dropout;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;

/**
 * One call of {@link EngineKernel#attend}: the geometry, the spec's extras in the form the tiles
 * use, the result's storage, and the task split. Tasks are (batch row {@code b}, query head
 * {@code h}, query block); each runs the online softmax of FlashAttention over the key blocks its
 * rows can see and writes its rows of the output, log-sum-exps and (when wanted) weights, so no two
 * tasks write the same element and no row's arithmetic depends on which thread ran it.
 *
 * <p>Logits are built from the folded query {@code q' = f·q}: with {@code f = s/τ} (no softcap)
 * {@code z = q'·k + bias/τ − slope/τ·|i − j|}; with a softcap {@code c}, {@code f = s/c} and
 * {@code z = (c/τ)·tanh(q'·k) + bias/τ − slope/τ·|i − j|}. Keys the mask hides get {@code z = −∞}.
 * Plain and causal attention skip all of that ({@link #extras} false).
 *
 * <p>Visible key range of row {@code i}: {@code [from(b,i), to(b,i))} from {@link KernelShape};
 * both ends are non-decreasing in {@code i}, so a query block sees the union
 * {@code [from(first row), to(last real row))} and key blocks outside it are never touched
 * (causal attention does about half the work). Key blocks are aligned to multiples of
 * {@link #keyBlock}, so a row's reduction order does not depend on the query block it sits in
 * ({@code EngineForwardTest} runs the same call with other query block sizes and compares bits).
 */
final class ForwardPass {
    static final int QUERY_BLOCK = 64;
    /**
     * Keys per tile in float32 on the Vector API: 128 keys and values of width 64 are 64 KiB, within
     * L2 and with half the per-tile row costs (max, rescale, lane sums) of 64 keys; measured 20 %
     * faster at n = m = 4096 (bench/RESULTS.md, issue 20).
     */
    static final int FLOAT_KEY_BLOCK = 128;
    /** Keys per tile otherwise: 64 keys and 64 values of width 64 are 64 KiB in float64 (128 measured slower). */
    static final int KEY_BLOCK = 64;
    /**
     * Keys per block on the scalar worker: its dot products run along a block of keys, and longer
     * loops keep C2's vector code busy (64: 250, 128: 220, 256: 180 ms at n = m = 4096, d = 64).
     */
    static final int SCALAR_KEY_BLOCK = 256;
    /** Below this many multiply-adds a pass runs in the caller's thread (waking workers costs more). */
    static final long INLINE_WORK = 1L << 21;
    private static final KernelExecutor INLINE = new KernelExecutor(1);

    final KernelShape shape;
    final KernelSpec spec;
    final DType dtype;
    final int batch;
    final int queryHeads;
    final int kvHeads;
    final int n;
    final int m;
    final int d;
    final int dv;
    /** Query rows per task. */
    final int queryBlock;
    /** Keys per tile; tiles start at multiples of it. */
    final int keyBlock;
    final int queryBlocks;
    final int keyBlocks;
    /** Distance between consecutive rows of one head in the values' storage. */
    final int valueStride;
    /** The factor folded into each query row. */
    final double queryFactor;
    final boolean softcap;
    final boolean biased;
    final boolean alibi;
    final boolean masked;
    /** Any of softcap, bias, ALiBi, key mask: the tiles then post-process their scores. */
    final boolean extras;
    private final double capOverTau;
    private final double invTau;
    private final Tensor bias;
    /** The bias's storage, as a view for bulk reads (one of the two, by its dtype). */
    private final java.nio.FloatBuffer biasFloats;
    private final java.nio.DoubleBuffer biasDoubles;
    private final double[] slopes;
    private final boolean[] keep;
    /** Kept keys per (batch row, key block) when masked: blocks with none are skipped. */
    private final int[] kept;
    final Dropout dropout;
    final Tensor.Builder out;
    /** Null unless the spec wants weights. */
    final Tensor.Builder weights;
    final double[] lse;

    /** A pass with the default block sizes for the worker that will run it. */
    static ForwardPass of(KernelShape shape, boolean simd) {
        boolean floats = simd && shape.dtype() == DType.FLOAT32;
        return new ForwardPass(shape, QUERY_BLOCK, !simd ? SCALAR_KEY_BLOCK : floats ? FLOAT_KEY_BLOCK : KEY_BLOCK);
    }

    /**
     * @param queryBlock query rows per task: any size gives the same bits
     * @param keyBlock   keys per tile: a multiple of the vector length on the SIMD workers
     */
    ForwardPass(KernelShape shape, int queryBlock, int keyBlock) {
        this.shape = shape;
        this.queryBlock = queryBlock;
        this.keyBlock = keyBlock;
        this.spec = shape.spec();
        this.dtype = shape.dtype();
        this.batch = shape.batch();
        this.queryHeads = shape.queryHeads();
        this.kvHeads = shape.kvHeads();
        this.n = shape.n();
        this.m = shape.m();
        this.d = shape.d();
        this.dv = shape.dv();
        this.queryBlocks = (n + queryBlock - 1) / queryBlock;
        this.keyBlocks = (m + keyBlock - 1) / keyBlock;
        this.valueStride = spec.layout() == HeadLayout.HEADS_FIRST ? dv : kvHeads * dv;
        double tau = spec.temperature();
        double cap = spec.softcap();
        this.softcap = cap > 0;
        this.queryFactor = softcap ? shape.scale() / cap : shape.scale() / tau;
        this.capOverTau = cap / tau;
        this.invTau = 1 / tau;
        // Read in place (no copy: a per-batch bias is as large as the weights).
        this.bias = spec.bias();
        this.biased = bias != null;
        this.biasFloats = biased && bias.dtype() == DType.FLOAT32 ? bias.floatBuffer() : null;
        this.biasDoubles = biased && bias.dtype() == DType.FLOAT64 ? bias.doubleBuffer() : null;
        this.slopes = spec.alibi();
        this.alibi = slopes != null;
        this.keep = spec.keyMask();
        this.masked = keep != null;
        this.extras = softcap || biased || alibi || masked;
        this.kept = masked ? keptPerBlock() : null;
        this.dropout = spec.dropout();
        this.out = Tensor.builder(dtype, shape.outputShape());
        this.weights = spec.weights() ? Tensor.builder(dtype, shape.weightsShape()) : null;
        this.lse = new double[batch * queryHeads * n];
    }

    private int[] keptPerBlock() {
        int[] c = new int[batch * keyBlocks];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < m; j++) {
                if (keep[b * m + j]) {
                    c[b * keyBlocks + j / keyBlock]++;
                }
            }
        }
        return c;
    }

    /** Runs one worker per thread over every task and gathers the result. */
    KernelResult run(KernelExecutor executor, java.util.function.Supplier<KernelExecutor.Worker> workers) {
        executor.run(tasks(), workers);
        return new KernelResult(out.build(), weights == null ? null : weights.build(), lse);
    }

    /** The executor for this call: {@code executor}, or the caller's thread for tiny calls (same bits either way). */
    KernelExecutor executor(KernelExecutor executor) {
        long work = (long) batch * queryHeads * n * m * (d + dv);
        return work < INLINE_WORK ? INLINE : executor;
    }

    int tasks() {
        return batch * queryHeads * queryBlocks;
    }

    /** Batch row of a task. */
    int batchOf(int task) {
        return task / (queryHeads * queryBlocks);
    }

    /** Query head of a task; consecutive tasks share a head, and heads of one group are adjacent. */
    int headOf(int task) {
        return task / queryBlocks % queryHeads;
    }

    /** First query row of a task. */
    int firstRowOf(int task) {
        return task % queryBlocks * queryBlock;
    }

    /** Whether key block {@code t} of batch row {@code b} holds any key the mask keeps. */
    boolean anyKept(int b, int t) {
        return !masked || kept[b * keyBlocks + t] > 0;
    }

    /**
     * Turns row {@code (b, h, i)}'s folded dot products {@code z[base + j]}, {@code lo ≤ j < hi},
     * into logits (softcap unless {@code capped} says the caller applied it, bias, ALiBi, key mask;
     * see the class comment). Only called when {@link #extras}.
     */
    void extras(double[] z, int base, int b, int h, int i, int lo, int hi, boolean capped) {
        if (softcap && !capped) {
            for (int j = lo; j < hi; j++) {
                z[base + j] = Math.tanh(z[base + j]) * capOverTau;
            }
        }
        if (biased) {
            int at = shape.biasIndex(b, h, i, 0);
            for (int j = lo; j < hi; j++) {
                z[base + j] += bias.at(at + j) * invTau;
            }
        }
        if (alibi) {
            double s = slopes[h] * invTau;
            for (int j = lo; j < hi; j++) {
                z[base + j] -= s * Math.abs(i - j);
            }
        }
        if (masked) {
            int at = b * m;
            for (int j = lo; j < hi; j++) {
                if (!keep[at + j]) {
                    z[base + j] = Double.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** {@link #extras(double[], int, int, int, int, int, int, boolean)} on float scores (in double, rounded once). */
    void extras(float[] z, int base, int b, int h, int i, int lo, int hi, boolean capped) {
        if (softcap && !capped) {
            for (int j = lo; j < hi; j++) {
                z[base + j] = (float) (Math.tanh(z[base + j]) * capOverTau);
            }
        }
        if (biased || alibi) {
            int at = biased ? shape.biasIndex(b, h, i, 0) : 0;
            double s = alibi ? slopes[h] * invTau : 0;
            for (int j = lo; j < hi; j++) {
                double x = z[base + j];
                if (biased) {
                    x += bias.at(at + j) * invTau;
                }
                z[base + j] = (float) (x - s * Math.abs(i - j));
            }
        }
        if (masked) {
            int at = b * m;
            for (int j = lo; j < hi; j++) {
                if (!keep[at + j]) {
                    z[base + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** {@code c / τ}: the softcap's outer factor, for callers that apply it themselves. */
    double capOverTau() {
        return capOverTau;
    }

    /** {@code 1/τ}. */
    double invTau() {
        return invTau;
    }

    /** ALiBi slope of query head {@code h}. */
    double slope(int h) {
        return slopes[h];
    }

    /**
     * {@code dst[t] = bias[b, h, i, j0 + t]} for {@code t < count}, in one bulk read of the bias
     * tensor's storage (an absolute get: safe from every worker at once).
     */
    void biasRow(int b, int h, int i, int j0, int count, float[] dst, double[] wide) {
        int at = shape.biasIndex(b, h, i, j0);
        if (biasFloats != null) {
            biasFloats.get(at, dst, 0, count);
        } else {
            biasDoubles.get(at, wide, 0, count);
            for (int t = 0; t < count; t++) {
                dst[t] = (float) wide[t];
            }
        }
    }

    /**
     * The key mask as additive floats, {@code 0} where kept and {@code −∞} where hidden, at
     * {@code b·m + j}, followed by {@code pad} zeros so whole vectors may be read past the last key.
     */
    float[] maskFloats(int pad) {
        float[] a = new float[batch * m + pad];
        for (int t = 0; t < batch * m; t++) {
            a[t] = keep[t] ? 0 : Float.NEGATIVE_INFINITY;
        }
        return a;
    }

    /**
     * Multiplies weights {@code p[base + j]}, {@code lo ≤ j < hi}, of row {@code (b, h, i)} by their
     * dropout factor {@link Dropout#factor}. The draw is {@link CounterRandom}'s chain of mixes over
     * {@code (step, b, h, i, j)}: the first four are the same for the whole row, so they are mixed
     * once and each weight costs one mix ({@code DropoutTest} holds this to {@code Dropout.factor}).
     */
    void drop(double[] p, int base, int b, int h, int i, int lo, int hi) {
        long row = dropRow(b, h, i);
        double keep = 1 / (1 - dropout.p());
        for (int j = lo; j < hi; j++) {
            if (p[base + j] != 0) {
                p[base + j] *= dropped(row, j) ? 0 : keep;
            }
        }
    }

    /** {@link #drop(double[], int, int, int, int, int, int)} on float weights. */
    void drop(float[] p, int base, int b, int h, int i, int lo, int hi) {
        long row = dropRow(b, h, i);
        double keep = 1 / (1 - dropout.p());
        for (int j = lo; j < hi; j++) {
            if (p[base + j] != 0) {
                p[base + j] = dropped(row, j) ? 0 : (float) (p[base + j] * keep);
            }
        }
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** CounterRandom's state after the seed and the coordinates {@code (step, b, h, i)}. */
    long dropRow(int b, int h, int i) {
        long z = mix(dropout.seed());
        z = mix(z + GOLDEN * (dropout.step() + 1));
        z = mix(z + GOLDEN * ((long) b + 1));
        z = mix(z + GOLDEN * ((long) h + 1));
        return mix(z + GOLDEN * ((long) i + 1));
    }

    /** Whether weight {@code j} of the row whose state is {@code row} is dropped: {@code uniform < p}. */
    boolean dropped(long row, int j) {
        long z = mix(row + GOLDEN * ((long) j + 1));
        return (z >>> 11) * 0x1.0p-53 < dropout.p();
    }

    /** SplitMix64's finaliser, as {@link CounterRandom} mixes each coordinate. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The operand's storage as floats (a copy; converted when it is float64). */
    static float[] floats(Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            return t.toFloatArray();
        }
        float[] a = new float[t.size()];
        t.floatBuffer().get(a);
        return a;
    }

    /** The operand's storage as doubles (a copy; widened when it is float32). */
    static double[] doubles(Tensor t) {
        if (t.dtype() != DType.FLOAT64) {
            return t.toDoubleArray();
        }
        double[] a = new double[t.size()];
        t.doubleBuffer().get(a);
        return a;
    }
}
