package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.Objects;

/**
 * A variant's alignment and distribution with the parameter rules they bring: qualified names
 * ({@code alignment.*}, {@code distribution.*}, then the variant's own, {@link QualifiedParameters#ownLast})
 * and the copy {@code withParameters} makes. Held by the variants whose learnables are (mostly) their
 * components' (global, area, hard, local-m, local-p, monotonic, MoChA); the five that attend over a
 * mask of their own share the rest of their skeleton through {@link MaskedQkvVariant}. Immutable.
 */
record Components(Alignment alignment, Distribution distribution) {

    Components {
        // The order of these checks is the order of the variants' constructor arguments.
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(distribution, "distribution");
    }

    /** {@code alignment.*} then {@code distribution.*}: a variant without parameters of its own. */
    Parameters parameters() {
        return parameters(Parameters.empty());
    }

    /** {@code alignment.*}, {@code distribution.*}, then {@code own} as {@code variant.*}. */
    Parameters parameters(Parameters own) {
        return QualifiedParameters.ownLast(alignment, distribution, own);
    }

    /**
     * For a variant without parameters of its own: these components with their share of
     * {@code given}, or this very instance when {@code given} is empty (so the variant can return
     * itself).
     *
     * @param variant the variant as messages name it, e.g. {@code "hard attention"}
     * @throws ShapeException for a name that is not one of {@link #parameters()}, listing those
     */
    Components withParameters(Parameters given, String variant) {
        QualifiedParameters.requireKnown(variant, parameters(), given);
        return given.isEmpty() ? this : with(given);
    }

    /** The components with their share of {@code given}, names already checked by the caller. */
    Components with(Parameters given) {
        return new Components(QualifiedParameters.alignment(alignment, given),
                QualifiedParameters.distribution(distribution, given));
    }

    /** {@link Attend#forward} with these components. */
    Attend.Forward forward(Tensor q, Tensor k, Tensor v, Mask mask) {
        return Attend.forward(alignment, distribution, q, k, v, mask);
    }

    /** {@link QkvBinding#backward} with these components: the variant's gradients, no own parameters. */
    VariantGradients backward(QkvBinding in, Mask mask, Attend.Forward forward, ResultGradients given) {
        return in.backward(alignment, distribution, mask, forward, given);
    }

    /** {@code <alignment>, <distribution>}, as the variants' {@code toString} lists them. */
    @Override
    public String toString() {
        return alignment + ", " + distribution;
    }
}
