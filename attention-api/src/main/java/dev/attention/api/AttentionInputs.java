package dev.attention.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The named tensors a {@link Variant} runs on, each optionally with per-batch-element lengths
 * marking where padding starts ({@code lengths[b] ≤ rows}). Padding rows must hold finite values
 * (zeros by convention): forward passes never read them, but a backward pass multiplies them by
 * zero gradients, and {@code 0 · NaN} is NaN.
 *
 * <p>Two optional settings travel with the tensors. {@link #mode()} says whether the pass is
 * training or evaluation (default {@link Mode#EVAL}). {@link #mask()} is an extra (query, key)
 * {@link Mask} from the caller, combined with the variant's own masks (padding, causal, …); fitting
 * uses it to exclude each training row's own key in leave-one-out regression. Variants whose
 * weights are indexed by (query, key) honour it ({@code global} does); a variant that cannot ignores
 * it, so a caller relying on it should check the weights. Default {@link Mask#all()}. Immutable.
 */
public final class AttentionInputs {
    private final Map<String, Tensor> tensors;
    private final Map<String, int[]> lengths;
    private final Mode mode;
    private final Mask mask;

    private AttentionInputs(Map<String, Tensor> tensors, Map<String, int[]> lengths, Mode mode, Mask mask) {
        this.tensors = tensors;
        this.lengths = lengths;
        this.mode = mode;
        this.mask = mask;
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

    /** The same inputs in another mode. */
    public AttentionInputs withMode(Mode mode) {
        return toBuilder().mode(mode).build();
    }

    /**
     * The same inputs with {@code name} bound to {@code tensor}; its lengths are kept and must still
     * fit the new tensor.
     */
    public AttentionInputs with(String name, Tensor tensor) {
        Builder b = toBuilder();
        int[] l = lengths.get(name);
        if (l == null) {
            b.put(name, tensor);
        } else {
            b.put(name, tensor, l);
        }
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.tensors.putAll(tensors);
        b.lengths.putAll(lengths);
        b.mode = mode;
        b.mask = mask;
        return b;
    }

    /** Collects inputs; not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        private final LinkedHashMap<String, int[]> lengths = new LinkedHashMap<>();
        private Mode mode = Mode.EVAL;
        private Mask mask = Mask.all();

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

        public Builder put(String name, Tensor tensor) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("input names must not be blank");
            }
            tensors.put(name, java.util.Objects.requireNonNull(tensor, name));
            lengths.remove(name);
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

        public AttentionInputs build() {
            return new AttentionInputs(Collections.unmodifiableMap(new LinkedHashMap<>(tensors)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(lengths)), mode, mask);
        }
    }
}
