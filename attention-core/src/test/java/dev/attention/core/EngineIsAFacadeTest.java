package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AttentionEngine} stays a facade (issue 25): public methods that hand over to the engine's
 * services, which hold the work. A helper it grows belongs in a service, where it can be found by
 * what it does; this test says so when one appears.
 */
class EngineIsAFacadeTest {
    /** "A few hundred lines at most": room for Javadoc on ~25 public methods, not for their bodies. */
    private static final int MAX_LINES = 350;

    @Test
    void the_engine_declares_no_helper_methods() {
        assertEquals(List.of(), helpers(AttentionEngine.class),
                "AttentionEngine's non-public methods belong in a service (JobLoader, JobRunner, JobTrainer, …)");
    }

    @Test
    void the_helper_check_sees_helpers_where_they_are() {
        // Guards the check itself: the runner keeps its private helpers.
        assertFalse(helpers(JobRunner.class).isEmpty());
    }

    @Test
    void the_engine_holds_only_services_of_its_injector() {
        Injector injector = Guice.createInjector(new EngineModule(EngineOptions.defaults()));
        List<String> state = new ArrayList<>();
        for (Field f : AttentionEngine.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m)) {
                if (!(Modifier.isFinal(m) && Modifier.isPublic(m))) {
                    state.add("static " + f.getName());
                }
            } else if (!Modifier.isFinal(m) || injector.getExistingBinding(Key.get(f.getType())) == null) {
                state.add(f.getType().getSimpleName() + " " + f.getName());
            }
        }
        assertEquals(List.of(), state, "fields that are neither public constants nor the injector's services");
    }

    @Test
    void the_engine_source_is_a_few_hundred_lines_at_most() throws IOException {
        // Tests run in attention-core/.
        Path source = Path.of("src/main/java/dev/attention/core/AttentionEngine.java");
        long lines = Files.readAllLines(source).size();
        assertTrue(lines <= MAX_LINES, source + " has " + lines + " lines; move work into a service");
    }

    /** Declared methods that are not public, lambdas' synthetic bodies aside. */
    private static List<String> helpers(Class<?> c) {
        List<String> out = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (!m.isSynthetic() && !Modifier.isPublic(m.getModifiers())) {
                out.add(m.getName());
            }
        }
        return out;
    }
}
