package dev.attention.core.kernel;

import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * Fused {@code softmax(s·QKᵀ/τ) V} with padding and a {@link KeyVisibility}, tiled over query
 * blocks and key blocks so the {@code n × m} scores never exist. Each query row keeps a running
 * maximum {@code m}, a running sum {@code l} of {@code exp(z − m)} and an accumulator of the
 * weighted values; a key block raising the maximum rescales both by {@code exp(m_old − m_new)}
 * (the online softmax of FlashAttention). At the end {@code output = acc / l} and the row's
 * log-sum-exp {@code m + log l} is kept, from which any weight can later be recomputed exactly.
 *
 * <p>Here {@code z_ij = s·(q_i·k_j)/τ}: the softmax of the general path is
 * {@code exp((s·qᵀk − max)/τ)}, which is the same function. Rows whose keys are all hidden (or
 * that are padding) give a zero output and a log-sum-exp of −∞. Tasks are (batch, query block);
 * each row is reduced by one task over its keys in increasing order, and key blocks are aligned
 * to multiples of the key block size, so a row's bits depend neither on the thread count nor on
 * the query block size. Immutable and thread-safe.
 */
public final class FusedSoftmaxKernel {
    /** Query rows per task. */
    public static final int DEFAULT_QUERY_BLOCK = 64;
    /** Keys per tile: 64 keys and 64 values of width 64 are 32 KiB in float32, about an L1 cache. */
    public static final int DEFAULT_KEY_BLOCK = 64;

    private final double scale;
    private final double temperature;
    private final KeyVisibility visibility;
    /**
     * Below this many multiply-adds ({@code batch·n·m·(d + d_v)}) a pass runs in the caller's thread:
     * waking a worker costs more than it saves (tens of µs idle; a time slice on a busy machine).
     */
    static final long INLINE_WORK = 1L << 21;
    private static final KernelExecutor INLINE = new KernelExecutor(1);

    private final int queryBlock;
    private final int keyBlock;
    private final boolean vectorised;

    /**
     * @param scale       the factor s of {@code s·qᵀk}, or 0 for {@code 1/√d}
     * @param temperature τ &gt; 0
     * @param visibility  which keys each query row may see (before padding)
     * @param queryBlock  query rows per task, ≥ 1
     * @param keyBlock    keys per tile, ≥ 1
     */
    public FusedSoftmaxKernel(double scale, double temperature, KeyVisibility visibility, int queryBlock,
            int keyBlock) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and ≥ 0, got " + scale);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (queryBlock < 1 || keyBlock < 1) {
            throw new IllegalArgumentException("block sizes must be ≥ 1, got " + queryBlock + " × " + keyBlock);
        }
        this.scale = scale;
        this.temperature = temperature;
        this.visibility = java.util.Objects.requireNonNull(visibility, "visibility");
        this.queryBlock = queryBlock;
        this.keyBlock = keyBlock;
        this.vectorised = VectorSupport.enabledByDefault();
    }

    private FusedSoftmaxKernel(FusedSoftmaxKernel k, boolean vectorised) {
        this.scale = k.scale;
        this.temperature = k.temperature;
        this.visibility = k.visibility;
        this.queryBlock = k.queryBlock;
        this.keyBlock = k.keyBlock;
        this.vectorised = vectorised;
    }

    /** Default block sizes. */
    public FusedSoftmaxKernel(double scale, double temperature, KeyVisibility visibility) {
        this(scale, temperature, visibility, DEFAULT_QUERY_BLOCK, DEFAULT_KEY_BLOCK);
    }

    public int queryBlock() {
        return queryBlock;
    }

    /** Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorApiAvailable() {
        return VectorSupport.present();
    }

    /**
     * This kernel with float32 inputs run on the SIMD path ({@code true}) or the scalar one. New
     * kernels use SIMD when {@link #vectorApiAvailable()} (unless {@code -Dattention.kernel.simd=false});
     * float64 always runs scalar. Each path is bit-identical across thread counts; the two agree
     * within 1e-5 relative.
     *
     * @throws IllegalStateException when asking for SIMD without the Vector API
     */
    public FusedSoftmaxKernel vectorised(boolean on) {
        if (on && !VectorSupport.present()) {
            throw new IllegalStateException("the SIMD path needs java --add-modules jdk.incubator.vector");
        }
        return new FusedSoftmaxKernel(this, on);
    }

    /** Whether float32 inputs run on the SIMD path. */
    public boolean isVectorised() {
        return vectorised;
    }

    /**
     * Runs the fused forward pass. The output has the queries' dtype; keys and values are converted
     * to it.
     *
     * @param queries      {@code [batch…, n, d]}
     * @param keys         {@code [batch…, m, d]}
     * @param values       {@code [batch…, m, d_v]}
     * @param queryLengths real query rows per batch element, or null for all
     * @param keyLengths   real keys per batch element, or null for all
     * @throws ShapeException when the shapes do not fit together
     */
    public FusedForward forward(Tensor queries, Tensor keys, Tensor values, int[] queryLengths, int[] keyLengths,
            KernelExecutor executor) {
        check(queries, keys, values);
        Operands o = Operands.of(queries, keys, values);
        int[] qLen = lengths("queries", queryLengths, o.batch, o.n);
        int[] kLen = lengths("keys", keyLengths, o.batch, o.m);
        double factor = (scale > 0 ? scale : o.d == 0 ? 1 : 1 / Math.sqrt(o.d)) / temperature;
        int[] outShape = queries.shape();
        outShape[outShape.length - 1] = o.dv;
        // Tasks write disjoint rows of one builder; the executor's completion orders those writes before build().
        Tensor.Builder out = Tensor.builder(queries.dtype(), outShape);
        double[] maxAndSum = new double[2 * o.batch * o.n];
        int blocks = (o.n + queryBlock - 1) / queryBlock;
        boolean simd = vectorised && SimdFloatTile.handles(o);
        // Bit-identical for any thread count, so the choice is free.
        if ((long) o.batch * o.n * o.m * (o.d + o.dv) < INLINE_WORK) {
            executor = INLINE;
        }
        if (simd) {
            // Only reached with the module present, so SimdFloatTile (which names the Vector API) loads only then.
            FloatOperands f = (FloatOperands) o;
            KeyBlocks kt = KeyBlocks.of(f, keyBlock, SimdFloatTile.stride(keyBlock, o.m), executor);
            executor.run(o.batch * blocks, () -> new SimdFloatTile(f, factor, visibility, qLen, kLen, out, maxAndSum,
                    blocks, queryBlock, keyBlock, kt));
        } else {
            executor.run(o.batch * blocks, () -> new Tile(o, factor, qLen, kLen, out, maxAndSum, blocks)::run);
        }
        return new FusedForward(o, factor, visibility, qLen, kLen, maxAndSum, out.build(), simd);
    }

    /** One worker's scratch, allocated once and reused for every (batch, query block) it runs. */
    private final class Tile {
        private final Operands o;
        private final double factor;
        private final int[] qLen;
        private final int[] kLen;
        private final Tensor.Builder out;
        private final double[] lse;
        private final int blocks;
        private final double[] z = new double[queryBlock * keyBlock];
        private final double[] acc;
        private final double[] max = new double[queryBlock];
        private final double[] sum = new double[queryBlock];

        Tile(Operands o, double factor, int[] qLen, int[] kLen, Tensor.Builder out, double[] lse, int blocks) {
            this.o = o;
            this.factor = factor;
            this.qLen = qLen;
            this.kLen = kLen;
            this.out = out;
            this.lse = lse;
            this.blocks = blocks;
            this.acc = new double[queryBlock * o.dv];
        }

        void run(int task) {
            int b = task / blocks;
            int i0 = (task % blocks) * queryBlock;
            int rows = Math.min(queryBlock, o.n - i0);
            int real = Math.max(0, Math.min(rows, qLen[b] - i0));
            int keys = kLen[b];
            int dv = o.dv;
            Arrays.fill(max, 0, rows, Double.NEGATIVE_INFINITY);
            Arrays.fill(sum, 0, rows, 0);
            Arrays.fill(acc, 0, rows * dv, 0);
            if (real > 0) {
                // Visibility is monotone in i, so the block's key range spans its first row's first key
                // to its last real row's end.
                int from = visibility.first(i0) / keyBlock * keyBlock;
                int to = visibility.end(i0 + real - 1, keys);
                for (int j0 = from; j0 < to; j0 += keyBlock) {
                    int j1 = Math.min(to, j0 + keyBlock);
                    for (int r = 0; r < real; r++) {
                        step(b, i0 + r, r, j0, j1, keys);
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int row = b * o.n + i0 + r;
                double l = sum[r];
                // Max and sum are kept apart: folding them into one log-sum-exp loses the sum's
                // precision when the max is large (|z| ~ 1e8 leaves lse an ulp of ~1e-8).
                lse[2 * row] = l > 0 ? max[r] : Double.NEGATIVE_INFINITY;
                lse[2 * row + 1] = l;
                double inv = l > 0 ? 1 / l : 0;
                for (int c = 0; c < dv; c++) {
                    out.set(row * dv + c, acc[r * dv + c] * inv);
                }
            }
        }

        /** Folds keys {@code [j0, j1)} that row {@code i} sees into its running max, sum and accumulator. */
        private void step(int b, int i, int r, int j0, int j1, int keys) {
            int lo = Math.max(j0, visibility.first(i));
            int hi = Math.min(j1, visibility.end(i, keys));
            if (lo >= hi) {
                return;
            }
            int at = r * keyBlock;
            int count = hi - lo;
            o.dots(b, i, lo, hi, z, at);
            double tileMax = Double.NEGATIVE_INFINITY;
            for (int t = at; t < at + count; t++) {
                z[t] *= factor;
                tileMax = Math.max(tileMax, z[t]);
            }
            double mOld = max[r];
            double mNew = Math.max(mOld, tileMax);
            double tileSum = 0;
            for (int t = at; t < at + count; t++) {
                z[t] = Math.exp(z[t] - mNew);
                tileSum += z[t];
            }
            int dv = o.dv;
            if (mNew > mOld) {
                // exp(−∞) = 0 on the first tile: the empty accumulator is simply replaced.
                double alpha = Math.exp(mOld - mNew);
                sum[r] *= alpha;
                for (int c = r * dv; c < (r + 1) * dv; c++) {
                    acc[c] *= alpha;
                }
                max[r] = mNew;
            }
            sum[r] += tileSum;
            o.accumulate(b, lo, hi, z, at, acc, r * dv);
        }
    }

    private static void check(Tensor q, Tensor k, Tensor v) {
        if (!Arrays.equals(q.batchShape(), k.batchShape()) || !Arrays.equals(q.batchShape(), v.batchShape())) {
            throw new ShapeException("queries, keys and values need equal batch dimensions: " + shapes(q, k, v));
        }
        if (k.rows() != v.rows()) {
            throw new ShapeException("keys and values need the same number of rows (one value per key): "
                    + shapes(q, k, v));
        }
        if (q.cols() != k.cols()) {
            throw new ShapeException("the dot product needs queries and keys of equal width (d_q == d_k): "
                    + shapes(q, k, v));
        }
    }

    private static int[] lengths(String what, int[] given, int batch, int rows) {
        int[] l = new int[batch];
        if (given == null) {
            Arrays.fill(l, rows);
            return l;
        }
        if (given.length != batch) {
            throw new ShapeException(what + " lengths have " + given.length + " entries for batch size " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (given[b] < 0 || given[b] > rows) {
                throw new ShapeException(what + " length " + given[b] + " outside 0.." + rows);
            }
            l[b] = given[b];
        }
        return l;
    }

    private static String shapes(Tensor q, Tensor k, Tensor v) {
        return "queries " + ShapeException.format(q.shape()) + ", keys " + ShapeException.format(k.shape())
                + ", values " + ShapeException.format(v.shape());
    }

    @Override
    public String toString() {
        return "FusedSoftmaxKernel(scale=" + (scale > 0 ? scale : "1/√d") + ", temperature=" + temperature + ", "
                + visibility + ", blocks " + queryBlock + "×" + keyBlock + (vectorised ? ", SIMD" : ", scalar") + ")";
    }
}
