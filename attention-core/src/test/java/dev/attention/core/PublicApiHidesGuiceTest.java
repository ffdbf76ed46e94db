package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guice is core's private wiring: an embedder must never see a com.google.inject type in the public
 * API, so swapping the wiring later cannot break them.
 */
class PublicApiHidesGuiceTest {
    private static final String GUICE = "com.google.inject";
    private static final List<Class<?>> FACADE =
            List.of(Attention.class, AttentionEngine.class, PipelineBuilder.class, Job.class, EngineOptions.class);

    @Test
    void no_public_signature_of_the_facade_mentions_guice() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : FACADE) {
            assertTrue(Modifier.isPublic(c.getModifiers()), c + " is part of the public facade");
            leaks.addAll(leaks(c));
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void the_guice_modules_are_not_public() {
        for (Class<?> m : List.of(EngineModule.class, PluginModule.class, ConfigModule.class, PipelineModule.class,
                TrainModule.class, StreamModule.class, JobModule.class)) {
            assertFalse(Modifier.isPublic(m.getModifiers()), m + " must stay package-private");
        }
    }

    @Test
    void no_public_class_of_the_package_shows_guice() throws Exception {
        // Found on disk, not listed: a new public class, e.g. a service made public, is scanned too.
        Path dir = Path.of(AttentionEngine.class.getResource("AttentionEngine.class").toURI()).getParent();
        List<String> scanned = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString();
                Class<?> c = Class.forName("dev.attention.core." + name.substring(0, name.length() - 6));
                if (Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null) {
                    scanned.add(c.getSimpleName());
                    leaks.addAll(leaks(c));
                }
            }
        }
        assertTrue(scanned.containsAll(FACADE.stream().map(Class::getSimpleName).toList()), scanned.toString());
        assertEquals(List.of(), leaks);
    }

    @Test
    void the_scan_does_see_guice_where_it_is() {
        // Guards the scanner itself: a module extends AbstractModule and its methods carry @Provides.
        List<String> found = new ArrayList<>(leaks(PluginModule.class, true));
        assertTrue(found.stream().anyMatch(s -> s.contains("AbstractModule")), found.toString());
        assertTrue(found.stream().anyMatch(s -> s.contains("Provides")), found.toString());
    }

    private static List<String> leaks(Class<?> c) {
        return leaks(c, false);
    }

    /** Guice types in {@code c}'s supertypes and in its public (or, with {@code all}, every) member signatures. */
    private static List<String> leaks(Class<?> c, boolean all) {
        List<String> out = new ArrayList<>();
        check(c.getName() + " extends", c.getGenericSuperclass(), out);
        for (Type t : c.getGenericInterfaces()) {
            check(c.getName() + " implements", t, out);
        }
        annotations(c.getName(), c, out);
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (all || Modifier.isPublic(k.getModifiers())) {
                executable(c.getName() + ".<init>", k, out);
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (!m.isSynthetic() && (all || Modifier.isPublic(m.getModifiers()))) {
                check(c.getName() + "." + m.getName() + " returns", m.getGenericReturnType(), out);
                executable(c.getName() + "." + m.getName(), m, out);
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (all || Modifier.isPublic(f.getModifiers())) {
                check(c.getName() + "." + f.getName(), f.getGenericType(), out);
                annotations(c.getName() + "." + f.getName(), f, out);
            }
        }
        if (c.isRecord()) {
            for (RecordComponent r : c.getRecordComponents()) {
                check(c.getName() + "." + r.getName(), r.getGenericType(), out);
            }
        }
        for (Class<?> inner : c.getDeclaredClasses()) {
            if (all || Modifier.isPublic(inner.getModifiers())) {
                out.addAll(leaks(inner, all));
            }
        }
        return out;
    }

    private static void executable(String where, Executable e, List<String> out) {
        for (Type p : e.getGenericParameterTypes()) {
            check(where + " parameter", p, out);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(where + " throws", x, out);
        }
        annotations(where, e, out);
    }

    private static void annotations(String where, AnnotatedElement e, List<String> out) {
        for (Annotation a : e.getDeclaredAnnotations()) {
            if (a.annotationType().getName().startsWith(GUICE)) {
                out.add(where + " is annotated @" + a.annotationType().getName());
            }
        }
    }

    private static void check(String where, Type t, List<String> out) {
        walk(t, new HashSet<>()).stream().filter(n -> n.startsWith(GUICE)).forEach(n -> out.add(where + " " + n));
    }

    /** Every class named by {@code t}, through type arguments, wildcards, arrays and bounds. */
    private static Set<String> walk(Type t, Set<Type> seen) {
        Set<String> names = new HashSet<>();
        if (t == null || !seen.add(t)) {
            return names;
        }
        if (t instanceof Class<?>) {
            Class<?> c = (Class<?>) t;
            names.add((c.isArray() ? c.getComponentType() : c).getName());
        } else if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            names.addAll(walk(p.getRawType(), seen));
            for (Type a : p.getActualTypeArguments()) {
                names.addAll(walk(a, seen));
            }
        } else if (t instanceof WildcardType) {
            for (Type b : ((WildcardType) t).getUpperBounds()) {
                names.addAll(walk(b, seen));
            }
            for (Type b : ((WildcardType) t).getLowerBounds()) {
                names.addAll(walk(b, seen));
            }
        } else if (t instanceof GenericArrayType) {
            names.addAll(walk(((GenericArrayType) t).getGenericComponentType(), seen));
        } else if (t instanceof TypeVariable<?>) {
            for (Type b : ((TypeVariable<?>) t).getBounds()) {
                names.addAll(walk(b, seen));
            }
        }
        return names;
    }
}
