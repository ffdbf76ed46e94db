package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;

/**
 * The parameter naming every composing variant shares: its alignment's as
 * {@code alignment.<name>}, its distribution's as {@code distribution.<name>}, its own as
 * {@code variant.<name>} (decision 3).
 */
final class QualifiedParameters {
    static final String ALIGNMENT = "alignment";
    static final String DISTRIBUTION = "distribution";
    static final String VARIANT = "variant";

    private QualifiedParameters() {
    }

    static Parameters of(Parameters alignment, Parameters distribution, Parameters own) {
        return alignment.prefixed(ALIGNMENT).concat(distribution.prefixed(DISTRIBUTION)).concat(own.prefixed(VARIANT));
    }

    static Parameters of(Alignment alignment, Distribution distribution, Parameters own) {
        return of(alignment.parameters(), distribution.parameters(), own);
    }

    /**
     * @throws ShapeException for a name that is not one of {@code known}, listing those
     */
    static void requireKnown(String variant, Parameters known, Parameters given) {
        for (String name : given.names()) {
            if (!known.names().contains(name)) {
                throw new ShapeException(variant + " has no parameter '" + name + "'; known: " + known.names());
            }
        }
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
