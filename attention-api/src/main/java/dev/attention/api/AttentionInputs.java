package dev.attention.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The named tensors a {@link Variant} runs on, each optionally with per-batch-element lengths
 * marking where padding starts ({@code lengths[b] ≤ rows}). Nested inputs (documents of sentences
 * of tokens, {@code [D, S, T, d]}) carry lengths per level of nesting: see
 * {@link #lengths(String, int)}. Padding rows must hold finite values
 * (zeros by convention): forward passes never read them, but a backward pass multiplies them by
 * zero gradients, and {@code 0 · NaN} is NaN.
 *
 * <p>Two optional settings travel with the tensors. {@link #mode()} says whether the pass is
 * training or evaluation (default {@link Mode#EVAL}). {@link #mask()} is an extra (query, key)
 * {@link Mask} from the caller, combined with the variant's own masks (padding, causal, …); fitting
 * uses it to exclude each training row's own key in leave-one-out regression. Variants whose
 * weights are indexed by (query, key) honour it ({@code global} does); a variant that cannot ignores
 * it, so a caller relying on it should check the weights. Default {@link Mask#all()}.
 * {@link #step()} numbers training steps (default 0) so that stochastic training behaviour such as
 * attention dropout, which hashes positions rather than drawing from a stateful generator, can
 * differ from one step to the next and still be reproduced exactly.
 *
 * <p>Two optional masks come from data, in PyTorch's terms (see {@link #keyMask()} and
 * {@link #scoreBias()}): a per-key mask ({@code key_padding_mask} negated) and an additive bias on
 * the scores ({@code attn_mask}). A third, {@link #segments()}, packs several sequences into one
 * tensor's rows. Only variants that {@link Variant#honoursMasks() honour them} receive them from the
 * engine. Immutable.
 */
public final class AttentionInputs {
    private final Map<String, Tensor> tensors;
    private final Map<String, int[]> lengths;
    /** Lengths of levels 2, 3, … of nested inputs (level 1 is {@link #lengths}). */
    private final Map<String, List<int[]>> outer;
    private final Mode mode;
    private final Mask mask;
    private final long step;
    private final boolean weights;
    private final boolean[] keyMask;
    private final Tensor scoreBias;
    private final int[] segments;

    private AttentionInputs(Map<String, Tensor> tensors, Map<String, int[]> lengths, Map<String, List<int[]>> outer,
            Mode mode, Mask mask, long step, boolean weights, boolean[] keyMask, Tensor scoreBias, int[] segments) {
        this.weights = weights;
        this.segments = segments;
        this.keyMask = keyMask;
        this.scoreBias = scoreBias;
        this.tensors = tensors;
        this.lengths = lengths;
        this.outer = outer;
        this.mode = mode;
        this.mask = mask;
        this.step = step;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Inputs without padding. */
    public static AttentionInputs of(Map<String, Tensor> tensors) {
        Builder b = builder();
        tensors.forEach(b::put);
        return b.build();
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The tensor bound to {@code name}.
     *
     * @throws AttentionException naming the known inputs when absent
     */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new AttentionException("missing input '" + name + "'; given: " + tensors.keySet());
        }
        return t;
    }

    /** Lengths of the real (unpadded) rows per batch element, if the input is padded. */
    public Optional<int[]> lengths(String name) {
        int[] l = lengths.get(name);
        return l == null ? Optional.empty() : Optional.of(l.clone());
    }

    /** Training or evaluation; {@link Mode#EVAL} unless set. */
    public Mode mode() {
        return mode;
    }

    /**
     * The caller's extra (query, key) mask, to be combined with the variant's own; {@link Mask#all()}
     * unless set. Indices are those of the variant's weight matrix {@code (batch, query, key)}.
     */
    public Mask mask() {
        return mask;
    }

    /**
     * Which keys take part, as PyTorch's {@code key_padding_mask} negated: {@code keep[b·m + j]} is
     * true when key {@code j} of batch element {@code b} may be attended, for keys
     * {@code [batch…, m, d_k]} ({@code b} the flattened batch index, {@code keep.length = batch·m}).
     * It hides keys at any position (not only a suffix, as lengths do) and combines with every
     * other mask: key {@code j} is visible when it is real, kept and allowed by the variant's own
     * masks. A query with no visible key gets zero weights and a zero output. Empty unless set (a copy).
     */
    public Optional<boolean[]> keyMask() {
        return keyMask == null ? Optional.empty() : Optional.of(keyMask.clone());
    }

    /**
     * An additive bias on the scores before the distribution, as PyTorch's float {@code attn_mask}:
     * <pre>
     *   s'_ij = a(k_j, q_i) + bias[b, i, j]        w_i = f(s'_i)
     * </pre>
     * shaped {@code [n, m]} (shared by every batch element), {@code [batch…, n, m]} (the weights'
     * shape, one per batch element) or, for variants with heads, {@code [batch…, heads, n, m]} (one
     * per head). An entry {@code −∞} hides the position, exactly as a {@link Mask} would (weight 0;
     * a row with no visible key gives zeros, never NaN); finite entries shift the score. NaN and
     * {@code +∞} are refused by the builder. Empty unless set.
     */
    public Optional<Tensor> scoreBias() {
        return Optional.ofNullable(scoreBias);
    }

    /**
     * Packed sequences, as FlashAttention's {@code cu_seqlens}: {@code S + 1} cumulative lengths
     * {@code 0 = cu[0] ≤ cu[1] ≤ … ≤ cu[S] = n}. The rows of the queries and of the keys (and
     * values) are {@code S} sequences one after the other, unbatched ({@code [n, d]}, equal row
     * counts); row {@code i} of sequence {@code s} ({@code cu[s] ≤ i < cu[s+1]}) attends only to keys
     * {@code cu[s] ≤ j < cu[s+1]}, and the variant's own masks (causal, window) hold within the
     * sequence as if it ran alone:
     * <pre>
     *   visible(i, j) = seg(i) = seg(j) ∧ variant's masks(i, j)      seg(i) = s with cu[s] ≤ i &lt; cu[s+1]
     * </pre>
     * so the result equals running each sequence on its own (or the padded batch on its real rows).
     * On the fused kernel nothing between sequences is computed ({@code KernelSpec.segments}).
     * Empty unless set (a copy).
     */
    public Optional<int[]> segments() {
        return segments == null ? Optional.empty() : Optional.of(segments.clone());
    }

    /** True when a {@link #keyMask()}, a {@link #scoreBias()} or {@link #segments()} is set. */
    public boolean hasDataMasks() {
        return keyMask != null || scoreBias != null || segments != null;
    }

    /**
     * Which training step these inputs are for; 0 unless set. Fitting sets it to the optimiser step
     * (0, 1, 2, …) so a variant's training-time randomness (dropout masks) changes per step while a
     * given (seed, step, position) always draws the same. Evaluation ignores it.
     */
    public long step() {
        return step;
    }

    /**
     * Whether the caller wants the weights in the result (default true). A variant may leave
     * {@link AttentionResult#WEIGHTS} out when false, sparing the {@code n × m} memory; its
     * output is the same either way.
     */
    public boolean weightsWanted() {
        return weights;
    }

    /** The same inputs with {@link #weightsWanted()} set. */
    public AttentionInputs withWeightsWanted(boolean wanted) {
        return toBuilder().weights(wanted).build();
    }

    /** The same inputs at another training {@link #step()}. */
    public AttentionInputs withStep(long step) {
        return toBuilder().step(step).build();
    }

    /** The same inputs in another mode. */
    public AttentionInputs withMode(Mode mode) {
        return toBuilder().mode(mode).build();
    }

    /**
     * Lengths at one level of nesting. Level 1 are the rows ({@link #lengths(String)}): for
     * {@code [D, S, T, d]} tokens per sentence, {@code int[D·S]}. Level {@code k} counts the real
     * entries along axis {@code rank − 1 − k}, one length per index of the axes before it: level 2 of
     * {@code [D, S, T, d]} is sentences per document, {@code int[D]}. Empty when the input has no
     * lengths at that level.
     *
     * @param level 1 for the rows, 2 for the axis before them, …
     */
    public Optional<int[]> lengths(String name, int level) {
        if (level < 1) {
            throw new IllegalArgumentException("nesting levels count from 1, got " + level);
        }
        if (level == 1) {
            return lengths(name);
        }
        List<int[]> l = outer.getOrDefault(name, List.of());
        return level - 2 < l.size() ? Optional.of(l.get(level - 2).clone()) : Optional.empty();
    }

    /**
     * How many levels of lengths {@code name} carries: 0 unpadded, 1 padded rows, 2 or more for
     * nested input (see {@link #lengths(String, int)}).
     */
    public int nesting(String name) {
        if (!lengths.containsKey(name)) {
            return 0;
        }
        return 1 + outer.getOrDefault(name, List.of()).size();
    }

    /**
     * The same inputs with {@code name} bound to {@code tensor}; its lengths (at every level) are
     * kept and must still fit the new tensor.
     */
    public AttentionInputs with(String name, Tensor tensor) {
        Builder b = toBuilder();
        int[] l = lengths.get(name);
        if (l == null) {
            b.put(name, tensor);
        } else {
            List<int[]> all = new ArrayList<>();
            all.add(l);
            all.addAll(outer.getOrDefault(name, List.of()));
            b.putNested(name, tensor, all);
        }
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.tensors.putAll(tensors);
        b.lengths.putAll(lengths);
        b.outer.putAll(outer);
        b.mode = mode;
        b.mask = mask;
        b.step = step;
        b.weights = weights;
        b.keyMask = keyMask;
        b.scoreBias = scoreBias;
        b.segments = segments;
        return b;
    }

    /** Collects inputs; not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        private final LinkedHashMap<String, int[]> lengths = new LinkedHashMap<>();
        private final LinkedHashMap<String, List<int[]>> outer = new LinkedHashMap<>();
        private Mode mode = Mode.EVAL;
        private Mask mask = Mask.all();
        private long step;
        private boolean weights = true;
        private boolean[] keyMask;
        private Tensor scoreBias;
        private int[] segments;

        /**
         * Packed sequences by their cumulative lengths (copied; see {@link AttentionInputs#segments()}); null for none.
         *
         * @throws IllegalArgumentException naming the entry unless {@code 0 = cu[0] ≤ cu[1] ≤ …} with at least one sequence
         */
        public Builder segments(int[] cu) {
            if (cu != null) {
                if (cu.length < 2 || cu[0] != 0) {
                    throw new IllegalArgumentException("segments: cumulative lengths start at 0 and have one entry"
                            + " more than there are sequences, got " + java.util.Arrays.toString(cu));
                }
                for (int t = 1; t < cu.length; t++) {
                    if (cu[t] < cu[t - 1]) {
                        throw new IllegalArgumentException("segments: cumulative lengths must not decrease, entry " + t
                                + " is " + cu[t] + " after " + cu[t - 1]);
                    }
                }
            }
            this.segments = cu == null ? null : cu.clone();
            return this;
        }

        /** Which keys take part, {@code keep[b·m + j]} (copied); null for all. See {@link AttentionInputs#keyMask()}. */
        public Builder keyMask(boolean[] keep) {
            this.keyMask = keep == null ? null : keep.clone();
            return this;
        }

        /**
         * An additive score bias (see {@link AttentionInputs#scoreBias()}); null for none.
         *
         * @throws IllegalArgumentException for rank below 2, or a NaN or {@code +∞} entry (named by its row-major index)
         */
        public Builder scoreBias(Tensor bias) {
            if (bias != null) {
                for (int k = 0, n = bias.size(); k < n; k++) {
                    double v = bias.at(k);
                    if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                        throw new IllegalArgumentException("score bias element " + k + " (row-major) is " + v
                                + "; only finite values and −∞ are allowed");
                    }
                }
            }
            this.scoreBias = bias;
            return this;
        }

        /** Whether the weights are wanted (default true), see {@link AttentionInputs#weightsWanted()}. */
        public Builder weights(boolean wanted) {
            this.weights = wanted;
            return this;
        }

        /** Training or evaluation (default {@link Mode#EVAL}). */
        public Builder mode(Mode mode) {
            this.mode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** An extra (query, key) mask for the variant to honour (default {@link Mask#all()}). */
        public Builder mask(Mask mask) {
            this.mask = java.util.Objects.requireNonNull(mask, "mask");
            return this;
        }

        /** The training step (default 0), see {@link AttentionInputs#step()}. */
        public Builder step(long step) {
            this.step = step;
            return this;
        }

        public Builder put(String name, Tensor tensor) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("input names must not be blank");
            }
            tensors.put(name, java.util.Objects.requireNonNull(tensor, name));
            lengths.remove(name);
            outer.remove(name);
            return this;
        }

        /** Tensor plus the real length of each batch element (rows past it are padding). */
        public Builder put(String name, Tensor tensor, int... lengths) {
            java.util.Objects.requireNonNull(tensor, name);
            if (lengths.length != tensor.batchSize()) {
                throw new ShapeException("input '" + name + "' has batch size " + tensor.batchSize()
                        + " but " + lengths.length + " lengths");
            }
            for (int l : lengths) {
                if (l < 0 || l > tensor.rows()) {
                    throw new ShapeException("input '" + name + "' length " + l + " outside 0.."
                            + tensor.rows());
                }
            }
            put(name, tensor);
            this.lengths.put(name, lengths.clone());
            return this;
        }

        /**
         * A nested input with lengths per level, innermost first: {@code levels.get(0)} are the rows'
         * lengths ({@code int[batchSize]}), {@code levels.get(k − 1)} those of level {@code k} (see
         * {@link AttentionInputs#lengths(String, int)}). For {@code [D, S, T, d]}: tokens per
         * sentence {@code int[D·S]}, then sentences per document {@code int[D]}.
         *
         * @throws ShapeException when a level has the wrong count or a length outside its axis
         */
        public Builder putNested(String name, Tensor tensor, List<int[]> levels) {
            java.util.Objects.requireNonNull(tensor, name);
            if (levels.isEmpty()) {
                return put(name, tensor);
            }
            if (levels.size() > tensor.rank() - 1) {
                throw new ShapeException("input '" + name + "' of shape " + ShapeException.format(tensor.shape())
                        + " nests at most " + (tensor.rank() - 1) + " levels, got lengths for " + levels.size());
            }
            put(name, tensor, levels.get(0));
            List<int[]> rest = new ArrayList<>();
            for (int k = 2; k <= levels.size(); k++) {
                int axis = tensor.rank() - 1 - k;
                int count = 1;
                for (int a = 0; a < axis; a++) {
                    count *= tensor.dim(a);
                }
                int[] l = levels.get(k - 1);
                if (l.length != count) {
                    throw new ShapeException("input '" + name + "' needs " + count + " lengths at level " + k
                            + ", got " + l.length);
                }
                for (int v : l) {
                    if (v < 0 || v > tensor.dim(axis)) {
                        throw new ShapeException("input '" + name + "' level-" + k + " length " + v + " outside 0.."
                                + tensor.dim(axis));
                    }
                }
                rest.add(l.clone());
            }
            outer.put(name, List.copyOf(rest));
            return this;
        }

        public AttentionInputs build() {
            return new AttentionInputs(Collections.unmodifiableMap(new LinkedHashMap<>(tensors)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(lengths)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(outer)), mode, mask, step, weights, keyMask,
                    scoreBias, segments);
        }
    }
}
