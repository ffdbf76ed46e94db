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

    private AttentionResult(Map<String, Tensor> tensors) {
        this.tensors = tensors;
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
        return new AttentionResult(Collections.unmodifiableMap(new LinkedHashMap<>(tensors)));
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

    public Map<String, Tensor> asMap() {
        return tensors;
    }

    @Override
    public String toString() {
        return "AttentionResult" + tensors.keySet();
    }
}
