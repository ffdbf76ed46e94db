package dev.attention.core;

import java.lang.reflect.Constructor;
import java.util.Arrays;

/**
 * Constructors for Guice's {@code toConstructor} bindings. The modules below core know no Guice
 * (ArchUnit rule "the engine modules below core know no Guice"), so their classes carry no
 * {@code @Inject}; core names the constructor instead, and Guice still makes the object.
 */
final class Constructors {
    private Constructors() {
    }

    /** {@code type}'s public constructor taking exactly {@code parameters}. */
    static <T> Constructor<T> of(Class<T> type, Class<?>... parameters) {
        try {
            return type.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no public constructor taking "
                    + Arrays.toString(parameters) + "; fix the binding in core's modules", e);
        }
    }
}
