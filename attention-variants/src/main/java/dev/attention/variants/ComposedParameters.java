package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * The qualified parameters of a variant that owns learned tensors and composes an alignment and a
 * distribution: {@code variant.<name>}, {@code alignment.<name>}, {@code distribution.<name>}, in
 * that order; and the rules of {@code withParameters} (any subset of the known names, same shapes,
 * an unknown name is an error).
 */
final class ComposedParameters {
    static final String VARIANT = "variant";
    static final String ALIGNMENT = "alignment";
    static final String DISTRIBUTION = "distribution";

    private ComposedParameters() {
    }

    /** Local parameter sets (or their gradients) joined under their prefixes. */
    static Parameters join(Parameters variant, Parameters alignment, Parameters distribution) {
        return variant.prefixed(VARIANT).concat(alignment.prefixed(ALIGNMENT))
                .concat(distribution.prefixed(DISTRIBUTION));
    }

    /**
     * @throws ShapeException for a name of {@code given} that is not in {@code known}, listing those
     */
    static void requireKnown(String variantId, Parameters known, Parameters given) {
        for (String name : given.names()) {
            if (!known.names().contains(name)) {
                throw new ShapeException(variantId + " attention has no parameter '" + name + "'; known: "
                        + known.names());
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

    /** The alignment with the {@code alignment.*} entries of {@code qualified}, or itself when none. */
    static Alignment alignment(Alignment a, Parameters qualified) {
        Parameters p = qualified.withoutPrefix(ALIGNMENT);
        return p.isEmpty() ? a : a.withParameters(p);
    }

    /** The distribution with the {@code distribution.*} entries of {@code qualified}, or itself. */
    static Distribution distribution(Distribution f, Parameters qualified) {
        Parameters p = qualified.withoutPrefix(DISTRIBUTION);
        return p.isEmpty() ? f : f.withParameters(p);
    }
}
