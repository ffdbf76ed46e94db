package dev.attention.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * An immutable, ordered set of named tensors: the learnable parameters a plugin owns, or the
 * gradients with respect to them (same names, same shapes).
 *
 * <p>Plugins name their own parameters locally ({@code W}, {@code v}); the engine qualifies them
 * as {@code <component>.<name>} (e.g. {@code alignment.W}) with {@link #prefixed(String)} so it can
 * fit, save and load a whole pipeline.
 */
public final class Parameters {
    private static final Parameters EMPTY = new Parameters(Map.of());
    private final Map<String, Tensor> tensors;

    private Parameters(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    public static Parameters empty() {
        return EMPTY;
    }

    /** Parameters in the iteration order of {@code tensors} (copied). Blank names are refused. */
    public static Parameters of(Map<String, Tensor> tensors) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("parameter names must not be blank");
            }
            if (t == null) {
                throw new IllegalArgumentException("parameter '" + name + "' has no tensor");
            }
            copy.put(name, t);
        });
        return copy.isEmpty() ? EMPTY : new Parameters(Collections.unmodifiableMap(copy));
    }

    /** One named tensor. */
    public static Parameters of(String name, Tensor tensor) {
        return of(Map.of(name, tensor));
    }

    public boolean isEmpty() {
        return tensors.isEmpty();
    }

    public int size() {
        return tensors.size();
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    /** The tensor named {@code name}. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + tensors.keySet());
        }
        return t;
    }

    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** An unmodifiable view in declaration order. */
    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /** Every name as {@code prefix.name}. */
    public Parameters prefixed(String prefix) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((n, t) -> out.put(prefix + "." + n, t));
        return of(out);
    }

    /** The entries whose name starts with {@code prefix.}, with that prefix removed. */
    public Parameters withoutPrefix(String prefix) {
        String p = prefix + ".";
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((n, t) -> {
            if (n.startsWith(p)) {
                out.put(n.substring(p.length()), t);
            }
        });
        return of(out);
    }

    /** This set followed by {@code other}; a name present in both is an error. */
    public Parameters concat(Parameters other) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>(tensors);
        other.tensors.forEach((n, t) -> {
            if (out.putIfAbsent(n, t) != null) {
                throw new IllegalArgumentException("parameter '" + n + "' defined twice");
            }
        });
        return of(out);
    }

    /** A new set with every tensor replaced by {@code fn(name, tensor)}. */
    public Parameters map(BiFunction<String, Tensor, Tensor> fn) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((n, t) -> out.put(n, fn.apply(n, t)));
        return of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters && ((Parameters) o).tensors.equals(tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "Parameters" + tensors.keySet();
    }
}
