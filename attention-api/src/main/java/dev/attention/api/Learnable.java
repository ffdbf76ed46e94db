package dev.attention.api;

/**
 * Something that owns learnable {@link Parameters}. Objects stay immutable: fitting produces a
 * new instance through {@link #withParameters(Parameters)} instead of mutating this one, so a
 * pipeline can be shared between threads while another copy is being trained.
 */
public interface Learnable {

    /** The current parameter values, locally named; empty for parameter-free plugins. */
    default Parameters parameters() {
        return Parameters.empty();
    }

    /**
     * A copy using {@code parameters}: any subset of the names of {@link #parameters()} with the same
     * shapes; names left out keep their current values. An unknown name is an error.
     *
     * @throws ShapeException when a name or shape does not match
     */
    default Learnable withParameters(Parameters parameters) {
        if (!parameters.isEmpty()) {
            throw new ShapeException(getClass().getSimpleName() + " has no learnable parameters, got "
                    + parameters.names());
        }
        return this;
    }
}
