package dev.attention.api;

import java.util.Locale;

/**
 * Element type of a {@link Tensor}. Every plugin works in both; gradient checks run in
 * {@link #FLOAT64}, fast kernels specialise {@link #FLOAT32}.
 */
public enum DType {
    /** IEEE 754 single precision, 4 bytes per element. */
    FLOAT32,
    /** IEEE 754 double precision, 8 bytes per element. */
    FLOAT64;

    /** The lowercase name used in configuration files: {@code float32} or {@code float64}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code float32} / {@code float64} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static DType fromId(String id) {
        for (DType t : values()) {
            if (t.id().equalsIgnoreCase(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + id + "'; use float32 or float64");
    }

    /** Rounds {@code value} to what this type can store. */
    public double round(double value) {
        return this == FLOAT32 ? (float) value : value;
    }
}
