package dev.attention.api.spi;

/** Maps a {@link ParameterType} to the Java class its converted values have. */
final class ParameterSpecTypes {
    private ParameterSpecTypes() {
    }

    static Class<?> javaType(ParameterType type) {
        switch (type) {
            case DOUBLE:
                return Double.class;
            case INTEGER:
                return Integer.class;
            case BOOLEAN:
                return Boolean.class;
            default:
                return String.class;
        }
    }
}
