package dev.attention.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Variant} returns: named tensors with a primary {@value #OUTPUT}, usually the
 * {@value #WEIGHTS}, and any extras a variant documents (a second summary, per-level weights,
 * chosen positions). Immutable.
 */
public final class AttentionResult {
    /** Name of the primary output, {@code [batch…, n, d_v]} for most variants. */
    public static final String OUTPUT = "output";
    /** Name of the attention weights, {@code [batch…, n, m]} for most variants. */
    public static final String WEIGHTS = "weights";

    private final Map<String, Tensor> tensors;
    private final Object saved;

    private AttentionResult(Map<String, Tensor> tensors, Object saved) {
        this.tensors = tensors;
        this.saved = saved;
    }

    /** A result from named tensors; {@value #OUTPUT} is required and no tensor may be null. */
    public static AttentionResult of(Map<String, Tensor> tensors) {
        if (tensors.get(OUTPUT) == null) {
            throw new IllegalArgumentException("a result needs an '" + OUTPUT + "' tensor, got " + tensors.keySet());
        }
        tensors.forEach((name, t) -> {
            if (t == null) {
                throw new IllegalArgumentException("result '" + name + "' has no tensor");
            }
        });
        return new AttentionResult(Collections.unmodifiableMap(new LinkedHashMap<>(tensors)), null);
    }

    /** Output and weights. */
    public static AttentionResult of(Tensor output, Tensor weights) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put(OUTPUT, output);
        m.put(WEIGHTS, weights);
        return of(m);
    }

    public Tensor output() {
        return tensors.get(OUTPUT);
    }

    /** The weights, if this variant returns them. */
    public Optional<Tensor> weights() {
        return Optional.ofNullable(tensors.get(WEIGHTS));
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no result '" + name + "'; this result has " + tensors.keySet());
        }
        return t;
    }

    /**
     * This result carrying {@code state} saved for the backward pass (e.g. a kernel's log-sum-exps),
     * so {@link Variant#backward} need not recompute the forward pass. The state is not a result
     * tensor: it is not in {@link #names()} or {@link #asMap()} and no output writer sees it.
     */
    public AttentionResult withSaved(Object state) {
        return new AttentionResult(tensors, state);
    }

    /** This result without the tensor {@code name} (kept as is when it has none); the saved state stays. */
    public AttentionResult without(String name) {
        if (!tensors.containsKey(name)) {
            return this;
        }
        Map<String, Tensor> kept = new LinkedHashMap<>(tensors);
        kept.remove(name);
        if (kept.get(OUTPUT) == null) {
            throw new IllegalArgumentException("a result keeps its '" + OUTPUT + "'");
        }
        return new AttentionResult(Collections.unmodifiableMap(kept), saved);
    }

    /** The state saved for backward, when it is a {@code type}. */
    public <T> Optional<T> saved(Class<T> type) {
        return type.isInstance(saved) ? Optional.of(type.cast(saved)) : Optional.empty();
    }

    public Map<String, Tensor> asMap() {
        return tensors;
    }

    @Override
    public String toString() {
        return "AttentionResult" + tensors.keySet();
    }
}
