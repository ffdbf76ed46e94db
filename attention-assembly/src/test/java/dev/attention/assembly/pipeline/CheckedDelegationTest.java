package dev.attention.assembly.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Variant;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's checking wrappers pass on every declaration of the plugin they wrap: a default
 * method left to the interface would hide a plugin's dot-product form, softmax or independence,
 * and the plugin would silently lose its fast path.
 */
class CheckedDelegationTest {

    @ParameterizedTest
    @CsvSource({"dev.attention.api.Alignment, dev.attention.assembly.pipeline.CheckedAlignment",
            "dev.attention.api.Distribution, dev.attention.assembly.pipeline.CheckedDistribution",
            "dev.attention.api.Variant, dev.attention.assembly.pipeline.CheckedVariant",
            "dev.attention.api.Pipeline, dev.attention.assembly.pipeline.GeneralPathPipeline",
            "dev.attention.api.Pipeline, dev.attention.assembly.pipeline.AssembledPipeline"})
    void every_default_method_is_passed_on(String api, String wrapper) throws Exception {
        Class<?> type = Class.forName(api);
        Class<?> checked = Class.forName(wrapper);
        List<String> missing = new ArrayList<>();
        int defaults = 0;
        for (Method m : type.getMethods()) {
            if (!m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            defaults++;
            Method impl = checked.getMethod(m.getName(), m.getParameterTypes());
            if (impl.getDeclaringClass() != checked) {
                missing.add(m.getName());
            }
        }
        assertTrue(defaults > 0, "no default methods found on " + api);
        assertEquals(List.of(), missing, wrapper + " leaves these to the interface");
    }

    @SuppressWarnings("unused")
    private static final Class<?>[] TYPES = {Alignment.class, Distribution.class, Variant.class};
}
