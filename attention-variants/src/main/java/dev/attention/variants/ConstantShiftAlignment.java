package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Objects;

/**
 * An alignment whose scores are another's plus a constant {@code c[b, i, j]} that reads no
 * parameter: {@code s_ij = a(K_j, Q_i) + c_ij}. The constant's derivative is zero, so the backward
 * pass and the parameters are the inner alignment's, unprefixed. Subclasses say what they add
 * ({@link #shift}) and how to wrap a re-parameterised inner alignment ({@link #around}).
 */
abstract class ConstantShiftAlignment implements Alignment {
    private final Alignment inner;

    ConstantShiftAlignment(Alignment inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The alignment the constant is added to. */
    final Alignment inner() {
        return inner;
    }

    /** {@code scores} (the inner alignment's) with the constant added. */
    abstract Tensor shift(Tensor scores);

    /** The same constant around {@code other}. */
    abstract Alignment around(Alignment other);

    @Override
    public final Tensor scores(Tensor queries, Tensor keys) {
        return shift(inner.scores(queries, keys));
    }

    @Override
    public final AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        return inner.backward(queries, keys, scoreGradient);
    }

    @Override
    public final Parameters parameters() {
        return inner.parameters();
    }

    @Override
    public final Alignment withParameters(Parameters parameters) {
        return parameters.isEmpty() ? this : around(inner.withParameters(parameters));
    }
}
