package dev.attention.api.kernel;

import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link AttentionKernel#attend} computes, besides the operands. For query head {@code h}
 * (kv head {@code g = ⌊h·h_kv/h_q⌋}), batch row {@code b}, query {@code i} and key {@code j}:
 * <pre>
 *   s_ij = scale · q_i·k_j                      scale defaults to 1/√d
 *   s_ij ← c · tanh(s_ij / c)                   with {@link #softcap(double) softcap} c &gt; 0
 *   s_ij ← s_ij + bias[b, h, i, j]              {@link #bias(Tensor) bias} or {@link #alibi(double...) ALiBi}
 *   z_ij = s_ij / τ                             τ the {@link #temperature(double) temperature}
 *   p_ij = exp(z_ij − lse_i) over visible j     lse_i = log Σ_visible exp(z_ij); 0 elsewhere
 *   o_i  = Σ_j p_ij · dropout_ij · v_j
 * </pre>
 * Key {@code j} is <em>visible</em> to query {@code i} when both are real
 * ({@code i < queryLengths[b]}, {@code j < keyLengths[b]}), the {@link #keyMask(boolean[]) key mask}
 * keeps it, and it lies in the {@link #window(int, int) window} around the query's
 * {@link Diagonal diagonal}. A query row with no visible key has zero weights, zero output and
 * {@code lse = −∞}, never NaN.
 *
 * <p>With {@link #segments(int[]) segments} (packed variable-length sequences, FlashAttention's
 * {@code cu_seqlens}), query {@code i} of sequence {@code s} ({@code cuQ[s] ≤ i < cuQ[s+1]}) sees
 * only keys {@code cuK[s] ≤ j < cuK[s+1]} of the same sequence, and the window and diagonal are
 * those of the sequence alone: {@code d_i = cuK[s] + (i − cuQ[s])} top-left,
 * {@code cuK[s+1] − (cuQ[s+1] − i)} bottom-right. Keys of other sequences are skipped, never
 * computed, so a packed call equals one call per sequence.
 *
 * <p>The default spec is plain attention: one head, scale {@code 1/√d}, τ = 1, every key visible.
 * Immutable; each {@code with}-style method returns a changed copy.
 */
public final class KernelSpec {
    /** An unbounded window side. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;
    private static final KernelSpec DEFAULT = new KernelSpec();

    private HeadLayout layout = HeadLayout.HEADS_IN_COLUMNS;
    private int queryHeads = 1;
    private int kvHeads = 1;
    private double scale = Double.NaN;
    private double temperature = 1;
    private double softcap;
    private int[] queryLengths;
    private int[] keyLengths;
    private boolean[] keyMask;
    private int[] querySegments;
    private int[] keySegments;
    private int left = UNBOUNDED;
    private int right = UNBOUNDED;
    private Diagonal diagonal = Diagonal.TOP_LEFT;
    private Tensor bias;
    private boolean biasGradient;
    private double[] alibi;
    private Dropout dropout;
    private boolean weights;

    private KernelSpec() {
    }

    private KernelSpec copy() {
        KernelSpec s = new KernelSpec();
        s.layout = layout;
        s.queryHeads = queryHeads;
        s.kvHeads = kvHeads;
        s.scale = scale;
        s.temperature = temperature;
        s.softcap = softcap;
        s.queryLengths = queryLengths;
        s.keyLengths = keyLengths;
        s.keyMask = keyMask;
        s.querySegments = querySegments;
        s.keySegments = keySegments;
        s.left = left;
        s.right = right;
        s.diagonal = diagonal;
        s.bias = bias;
        s.biasGradient = biasGradient;
        s.alibi = alibi;
        s.dropout = dropout;
        s.weights = weights;
        return s;
    }

    /** Plain attention: one head, scale 1/√d, temperature 1, every key visible, no weights. */
    public static KernelSpec defaults() {
        return DEFAULT;
    }

    /**
     * {@code queryHeads} heads of queries sharing {@code kvHeads} heads of keys and values
     * (grouped-query attention; 1 is multi-query); query head {@code h} uses kv head
     * {@code ⌊h·kvHeads/queryHeads⌋}, as PyTorch's {@code repeat_interleave}.
     *
     * @throws IllegalArgumentException unless both are ≥ 1 and {@code kvHeads} divides {@code queryHeads}
     */
    public KernelSpec heads(int queryHeads, int kvHeads, HeadLayout layout) {
        if (queryHeads < 1 || kvHeads < 1 || queryHeads % kvHeads != 0) {
            throw new IllegalArgumentException("heads: kv heads must divide query heads, both ≥ 1, got "
                    + queryHeads + " and " + kvHeads);
        }
        KernelSpec s = copy();
        s.queryHeads = queryHeads;
        s.kvHeads = kvHeads;
        s.layout = Objects.requireNonNull(layout, "layout");
        return s;
    }

    /** The factor {@code s} of {@code s·qᵀk}; finite (default {@code 1/√d}). */
    public KernelSpec scale(double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        KernelSpec s = copy();
        s.scale = scale;
        return s;
    }

    /** The softmax temperature τ &gt; 0. */
    public KernelSpec temperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        KernelSpec s = copy();
        s.temperature = temperature;
        return s;
    }

    /** Soft-capping {@code c·tanh(s/c)} of the scores (Gemma 2); 0 turns it off. */
    public KernelSpec softcap(double cap) {
        if (!(cap >= 0) || Double.isInfinite(cap)) {
            throw new IllegalArgumentException("softcap must be finite and ≥ 0, got " + cap);
        }
        KernelSpec s = copy();
        s.softcap = cap;
        return s;
    }

    /** Real query rows per batch row (rows past them are padding: zero output); null for all. */
    public KernelSpec queryLengths(int[] lengths) {
        KernelSpec s = copy();
        s.queryLengths = lengths == null ? null : lengths.clone();
        return s;
    }

    /** Real keys per batch row (keys past them are never read); null for all. */
    public KernelSpec keyLengths(int[] lengths) {
        KernelSpec s = copy();
        s.keyLengths = lengths == null ? null : lengths.clone();
        return s;
    }

    /**
     * Which keys take part, {@code keep[b·m + j]} for batch row {@code b} and key {@code j} (any
     * positions, as PyTorch's {@code key_padding_mask} negated); null for all.
     */
    public KernelSpec keyMask(boolean[] keep) {
        KernelSpec s = copy();
        s.keyMask = keep == null ? null : keep.clone();
        return s;
    }

    /**
     * Packed self-attention: rows {@code cu[s] … cu[s+1]−1} of the queries and of the keys form
     * sequence {@code s}, and attention stays within it ({@link #segments(int[], int[])
     * segments(cu, cu)}). {@code cu} has {@code S + 1} entries, {@code 0 = cu[0] ≤ cu[1] ≤ … ≤ cu[S]},
     * and {@code cu[S]} must equal the rows {@code n} (and keys {@code m}); the same boundaries hold
     * in every batch row. Null for none.
     *
     * @throws IllegalArgumentException naming the entry when {@code cu} is not such an array
     */
    public KernelSpec segments(int[] cu) {
        return segments(cu, cu);
    }

    /**
     * Packed cross-attention: query rows {@code queryCu[s] … queryCu[s+1]−1} attend only to keys
     * {@code keyCu[s] … keyCu[s+1]−1} (FlashAttention's {@code cu_seqlens_q} and {@code cu_seqlens_k});
     * both have {@code S + 1} entries as in {@link #segments(int[])}. Both null for none.
     *
     * @throws IllegalArgumentException when either is not a cumulative length array or their counts differ
     */
    public KernelSpec segments(int[] queryCu, int[] keyCu) {
        if ((queryCu == null) != (keyCu == null)) {
            throw new IllegalArgumentException("segments: give both query and key boundaries, or neither");
        }
        KernelSpec s = copy();
        if (queryCu == null) {
            s.querySegments = null;
            s.keySegments = null;
            return s;
        }
        checkCumulative("segments", queryCu);
        checkCumulative("key segments", keyCu);
        if (queryCu.length != keyCu.length) {
            throw new IllegalArgumentException("segments: " + (queryCu.length - 1) + " query sequences but "
                    + (keyCu.length - 1) + " key sequences");
        }
        s.querySegments = queryCu.clone();
        s.keySegments = keyCu == queryCu ? s.querySegments : keyCu.clone();
        return s;
    }

    private static void checkCumulative(String what, int[] cu) {
        if (cu.length < 2 || cu[0] != 0) {
            throw new IllegalArgumentException(what + ": cumulative lengths start at 0 and have one entry more than"
                    + " there are sequences, got " + Arrays.toString(cu));
        }
        for (int t = 1; t < cu.length; t++) {
            if (cu[t] < cu[t - 1]) {
                throw new IllegalArgumentException(what + ": cumulative lengths must not decrease, entry " + t + " is "
                        + cu[t] + " after " + cu[t - 1]);
            }
        }
    }

    /**
     * Key {@code j} is visible to query {@code i} only when {@code −left ≤ j − d_i ≤ right}, with
     * {@code d_i} the key on the query's {@link #diagonal(Diagonal) diagonal}; {@link #UNBOUNDED}
     * for no limit on a side. Causal is {@code window(UNBOUNDED, 0)}; self-attention's
     * {@code |i − j| < W} is {@code window(W − 1, W − 1)}.
     */
    public KernelSpec window(int left, int right) {
        if (left < 0 || right < 0) {
            throw new IllegalArgumentException("window extents must be ≥ 0, got (" + left + ", " + right + ")");
        }
        KernelSpec s = copy();
        s.left = left;
        s.right = right;
        return s;
    }

    /** Causal attention, {@code j ≤ d_i}: {@code window(UNBOUNDED, 0)} aligned as {@code diagonal} says. */
    public KernelSpec causal(Diagonal diagonal) {
        return window(UNBOUNDED, 0).diagonal(diagonal);
    }

    /** How queries line up with keys for {@link #window}; default {@link Diagonal#TOP_LEFT}. */
    public KernelSpec diagonal(Diagonal diagonal) {
        KernelSpec s = copy();
        s.diagonal = Objects.requireNonNull(diagonal, "diagonal");
        return s;
    }

    /**
     * An additive bias on the scores, broadcast to {@code [batch, h_q, n, m]}: its size must be
     * {@code n·m} (shared), {@code h_q·n·m} (per head) or {@code batch·h_q·n·m}, row-major in that
     * order; {@code −∞} hides a position. With {@code learned}, the backward pass returns its
     * gradient, summed to its shape.
     */
    public KernelSpec bias(Tensor bias, boolean learned) {
        KernelSpec s = copy();
        s.bias = Objects.requireNonNull(bias, "bias");
        s.biasGradient = learned;
        return s;
    }

    /** A constant bias: {@link #bias(Tensor, boolean) bias(bias, false)}. */
    public KernelSpec bias(Tensor bias) {
        return bias(bias, false);
    }

    /** ALiBi: {@code bias[b, h, i, j] = −slopes[h]·|i − j|}, one slope per query head. */
    public KernelSpec alibi(double... slopes) {
        KernelSpec s = copy();
        s.alibi = slopes.clone();
        return s;
    }

    /** Attention dropout on the weights (applied when summing values); null for none. */
    public KernelSpec dropout(Dropout dropout) {
        KernelSpec s = copy();
        s.dropout = dropout == null || dropout.p() == 0 ? null : dropout;
        return s;
    }

    /** Whether {@link KernelResult#weights()} is filled: the {@code n × m} memory the kernel otherwise avoids. */
    public KernelSpec weights(boolean wanted) {
        KernelSpec s = copy();
        s.weights = wanted;
        return s;
    }

    public HeadLayout layout() {
        return layout;
    }

    public int queryHeads() {
        return queryHeads;
    }

    public int kvHeads() {
        return kvHeads;
    }

    /** The kv head query head {@code h} reads. */
    public int kvHead(int h) {
        return (int) ((long) h * kvHeads / queryHeads);
    }

    /** The scale for head width {@code d}: the one given, else {@code 1/√d} (1 for d = 0). */
    public double scaleFor(int d) {
        return !Double.isNaN(scale) ? scale : d == 0 ? 1 : 1 / Math.sqrt(d);
    }

    public double temperature() {
        return temperature;
    }

    public double softcap() {
        return softcap;
    }

    /** A copy, or null. */
    public int[] queryLengths() {
        return queryLengths == null ? null : queryLengths.clone();
    }

    /** A copy, or null. */
    public int[] keyLengths() {
        return keyLengths == null ? null : keyLengths.clone();
    }

    /** A copy, or null. */
    public boolean[] keyMask() {
        return keyMask == null ? null : keyMask.clone();
    }

    /** A copy of the query rows' cumulative lengths, or null without {@link #segments(int[]) segments}. */
    public int[] querySegments() {
        return querySegments == null ? null : querySegments.clone();
    }

    /** A copy of the keys' cumulative lengths, or null without {@link #segments(int[]) segments}. */
    public int[] keySegments() {
        return keySegments == null ? null : keySegments.clone();
    }

    public int left() {
        return left;
    }

    public int right() {
        return right;
    }

    public Diagonal diagonal() {
        return diagonal;
    }

    /** The bias tensor, or null. */
    public Tensor bias() {
        return bias;
    }

    public boolean biasLearned() {
        return bias != null && biasGradient;
    }

    /** A copy of the ALiBi slopes, or null. */
    public double[] alibi() {
        return alibi == null ? null : alibi.clone();
    }

    /** The dropout, or null. */
    public Dropout dropout() {
        return dropout;
    }

    public boolean weights() {
        return weights;
    }

    /** True when every key is visible to every query (no window): only padding and the key mask hide keys. */
    public boolean unwindowed() {
        return left == UNBOUNDED && right == UNBOUNDED;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("KernelSpec(");
        b.append(queryHeads).append(queryHeads == kvHeads ? "" : "/" + kvHeads).append(queryHeads == 1 ? " head" : " heads");
        if (queryHeads > 1) {
            b.append(' ').append(layout == HeadLayout.HEADS_FIRST ? "first" : "in columns");
        }
        b.append(", scale ").append(Double.isNaN(scale) ? "1/√d" : Double.toString(scale));
        if (temperature != 1) {
            b.append(", τ ").append(temperature);
        }
        if (softcap > 0) {
            b.append(", softcap ").append(softcap);
        }
        if (!unwindowed()) {
            b.append(", window (").append(left == UNBOUNDED ? "∞" : Integer.toString(left)).append(", ")
                    .append(right == UNBOUNDED ? "∞" : Integer.toString(right)).append(") ")
                    .append(diagonal.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (queryLengths != null || keyLengths != null) {
            b.append(", lengths");
        }
        if (querySegments != null) {
            b.append(", ").append(querySegments.length - 1).append(" segments");
        }
        if (keyMask != null) {
            b.append(", key mask");
        }
        if (bias != null) {
            b.append(", bias ").append(Arrays.toString(bias.shape())).append(biasGradient ? " learned" : "");
        }
        if (alibi != null) {
            b.append(", alibi");
        }
        if (dropout != null) {
            b.append(", dropout ").append(dropout.p());
        }
        return b.append(weights ? ", weights" : "").append(')').toString();
    }
}
