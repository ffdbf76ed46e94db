package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Independence;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Objects;

/**
 * Logit soft-capping (Gemma 2) as a decorator of any alignment: {@code s_ij = c·tanh(a(K_j, Q_i)/c)}
 * with {@code c > 0}, which keeps every score in {@code (−c, c)}. Unlike a constant shift it has a
 * derivative: the backward pass multiplies the score gradient by {@code 1 − tanh²(a/c)} before the
 * inner alignment's backward. Parameters are the inner alignment's, unprefixed. Immutable.
 */
final class SoftcapAlignment implements Alignment {
    private final Alignment inner;
    private final double cap;

    SoftcapAlignment(Alignment inner, double cap) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (!(cap > 0) || Double.isInfinite(cap)) {
            throw new IllegalArgumentException("softcap must be finite and > 0, got " + cap);
        }
        this.cap = cap;
    }

    /** {@code inner} capped at {@code cap}, or {@code inner} itself when {@code cap} is 0 (off). */
    static Alignment of(Alignment inner, double cap) {
        return cap == 0 ? inner : new SoftcapAlignment(inner, cap);
    }

    Alignment inner() {
        return inner;
    }

    double cap() {
        return cap;
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Tensor s = inner.scores(queries, keys);
        Tensor.Builder out = Tensor.builder(s.dtype(), s.shape());
        for (int x = 0; x < s.size(); x++) {
            out.set(x, cap * Math.tanh(s.at(x) / cap));
        }
        return out.build();
    }

    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        // The inner scores are recomputed: the decorator keeps no state between the passes.
        Tensor s = inner.scores(queries, keys);
        Tensor.Builder d = Tensor.builder(scoreGradient.dtype(), scoreGradient.shape());
        for (int x = 0; x < s.size(); x++) {
            double t = Math.tanh(s.at(x) / cap);
            d.set(x, scoreGradient.at(x) * (1 - t * t));
        }
        return inner.backward(queries, keys, d.build());
    }

    @Override
    public Parameters parameters() {
        return inner.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        return parameters.isEmpty() ? this : new SoftcapAlignment(inner.withParameters(parameters), cap);
    }

    @Override
    public Independence independence() {
        return inner.independence();
    }

    @Override
    public String toString() {
        return "softcap(" + inner + ", " + cap + ")";
    }
}
