package dev.attention.api.spi;

/** Type of a declared plugin parameter. */
public enum ParameterType {
    /** A real number (configs may write integers too). */
    DOUBLE,
    /** A whole number. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Text, optionally one of a fixed set of choices. */
    STRING;

    /** Lowercase name for messages and listings. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
