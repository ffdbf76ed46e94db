package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * The parameter naming every composing variant shares: its alignment's as
 * {@code alignment.<name>}, its distribution's as {@code distribution.<name>}, its own as
 * {@code variant.<name>} (decision 3); and the rules of {@code withParameters} (any subset of the
 * known names, same shapes, an unknown name is an error).
 *
 * <p>Two orders exist because each variant documents its own: self, cross and pooling list their
 * learned tensors first ({@link #ownFirst}), global, hard, local and area last ({@link #ownLast}).
 */
final class QualifiedParameters {
    static final String ALIGNMENT = "alignment";
    static final String DISTRIBUTION = "distribution";
    static final String VARIANT = "variant";

    private QualifiedParameters() {
    }

    /** {@code variant.*}, {@code alignment.*}, {@code distribution.*}: parameters or their gradients. */
    static Parameters ownFirst(Parameters own, Parameters alignment, Parameters distribution) {
        return own.prefixed(VARIANT).concat(alignment.prefixed(ALIGNMENT))
                .concat(distribution.prefixed(DISTRIBUTION));
    }

    /** {@code alignment.*}, {@code distribution.*}, {@code variant.*}: parameters or their gradients. */
    static Parameters ownLast(Parameters alignment, Parameters distribution, Parameters own) {
        return alignment.prefixed(ALIGNMENT).concat(distribution.prefixed(DISTRIBUTION))
                .concat(own.prefixed(VARIANT));
    }

    static Parameters ownLast(Alignment alignment, Distribution distribution, Parameters own) {
        return ownLast(alignment.parameters(), distribution.parameters(), own);
    }

    /**
     * @param variant the variant as messages name it, e.g. {@code "hard attention"}
     * @throws ShapeException for a name that is not one of {@code known}, listing those
     */
    static void requireKnown(String variant, Parameters known, Parameters given) {
        for (String name : given.names()) {
            if (!known.names().contains(name)) {
                throw new ShapeException(variant + " has no parameter '" + name + "'; known: " + known.names());
            }
        }
    }

    /**
     * The value of local parameter {@code name} in {@code given}, converted to the dtype of
     * {@code current}; {@code current} when absent.
     *
     * @throws ShapeException when the shapes differ
     */
    static Tensor replace(Parameters given, String name, Tensor current) {
        Tensor t = given.find(name).orElse(current);
        if (!Arrays.equals(t.shape(), current.shape())) {
            throw new ShapeException("parameter '" + VARIANT + "." + name + "' has shape "
                    + ShapeException.format(current.shape()) + ", got " + ShapeException.format(t.shape()));
        }
        return t.to(current.dtype());
    }

    /** The alignment with its share of {@code given}, or itself when none is given. */
    static Alignment alignment(Alignment a, Parameters given) {
        Parameters p = given.withoutPrefix(ALIGNMENT);
        return p.isEmpty() ? a : a.withParameters(p);
    }

    /** The distribution with its share of {@code given}, or itself when none is given. */
    static Distribution distribution(Distribution f, Parameters given) {
        Parameters p = given.withoutPrefix(DISTRIBUTION);
        return p.isEmpty() ? f : f.withParameters(p);
    }
}
