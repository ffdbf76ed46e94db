package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.ConfigException;
import dev.attention.api.Learnable;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.ParameterType;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parameter checks shared by the three contracts. Everything is derived from the provider's
 * {@link ParameterSpec}s, so a plugin author writes no parameter test of their own for the
 * declarations to be enforced.
 */
final class ParameterChecks {
    static final String UNKNOWN = "no-such-parameter";

    private ParameterChecks() {
    }

    /** An unknown name is refused, and the refusal lists every supported name. */
    static void unknownNameIsRefused(PluginProvider<?> provider, Supplier<PluginContext.Builder> context) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> provider.create(context.get().parameter(UNKNOWN, 1).build()), "unknown parameter accepted");
        assertEquals(UNKNOWN, e.key().orElse(null), "the error names the unknown key");
        String hint = e.hint().orElse("");
        for (ParameterSpec s : provider.parameters()) {
            assertTrue(hint.contains(s.name()), "the error lists supported '" + s.name() + "': " + hint);
        }
    }

    /** {@code config} plus every default it leaves out, spelled out. */
    static Map<String, Object> withDefaultsSpelledOut(List<ParameterSpec> specs, Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>(config);
        for (ParameterSpec s : specs) {
            s.defaultValue().ifPresent(v -> out.putIfAbsent(s.name(), v));
        }
        return out;
    }

    /** Every declared bound and choice list is enforced: one value just outside each is refused. */
    static void outOfRangeValuesAreRefused(PluginProvider<?> provider, Supplier<PluginContext.Builder> context) {
        for (ParameterSpec s : provider.parameters()) {
            for (Object bad : invalidValues(s)) {
                ConfigException e = assertThrows(ConfigException.class,
                        () -> provider.create(context.get().parameter(s.name(), bad).build()),
                        s.name() + " = " + bad + " accepted, declared " + s);
                assertTrue(e.key().orElse("").endsWith(s.name()), "the error names '" + s.name() + "': " + e);
            }
        }
    }

    /** Values the declaration forbids: just past each bound, outside the choices, of the wrong type. */
    static List<Object> invalidValues(ParameterSpec s) {
        List<Object> out = new ArrayList<>();
        boolean integer = s.type() == ParameterType.INTEGER;
        s.lowerBound().ifPresent(min -> {
            double v = s.lowerInclusive() ? (integer ? Math.ceil(min) - 1 : Math.nextDown(min)) : min;
            out.add(integer ? (Object) (int) Math.max(Integer.MIN_VALUE, v) : (Object) v);
        });
        s.upperBound().ifPresent(max -> {
            double v = s.upperInclusive() ? (integer ? Math.floor(max) + 1 : Math.nextUp(max)) : max;
            out.add(integer ? (Object) (int) Math.min(Integer.MAX_VALUE, v) : (Object) v);
        });
        if (!s.allowedChoices().isEmpty()) {
            out.add("not-" + String.join("-", s.allowedChoices()));
        }
        out.add(s.type() == ParameterType.STRING ? (Object) 1 : "text");
        return out;
    }

    /** {@code withParameters} refuses an unknown name and leaves the plugin it was called on as it was. */
    static void withParametersRefusesUnknownNames(Learnable plugin) {
        Parameters before = plugin.parameters();
        Parameters bogus = Parameters.of(UNKNOWN, GradientCheck.random(new int[] {1, 1}, 1, 0, 1));
        try {
            plugin.withParameters(bogus);
            fail("withParameters accepted unknown parameter '" + UNKNOWN + "'");
        } catch (RuntimeException expected) {
            // any exception will do; the message is the plugin's
        }
        assertEquals(before, plugin.parameters(), "a refused withParameters leaves the parameters unchanged");
        if (!before.isEmpty()) {
            Parameters doubled = before.map((n, t) -> scaled(t));
            Learnable changed = plugin.withParameters(doubled);
            assertEquals(before, plugin.parameters(), "withParameters returns a new plugin, the original is unchanged");
            assertEquals(doubled, changed.parameters(), "the new plugin has the new values");
        }
    }

    /** The parameter's values times 1.5, same shape and dtype. */
    private static Tensor scaled(Tensor t) {
        double[] v = t.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            v[k] *= 1.5;
        }
        return Tensor.of(t.dtype(), t.shape(), v);
    }

    /** Each parameter gradient has its parameter's shape and dtype. */
    static void gradientsMatchParameterShapes(Parameters parameters, Parameters gradients) {
        assertEquals(parameters.names(), gradients.names(), "a gradient for every parameter");
        for (String name : parameters.names()) {
            assertTrue(Arrays.equals(parameters.get(name).shape(), gradients.get(name).shape()),
                    name + ": gradient shape " + Arrays.toString(gradients.get(name).shape())
                            + " vs parameter " + Arrays.toString(parameters.get(name).shape()));
            assertEquals(parameters.get(name).dtype(), gradients.get(name).dtype(), name + ": gradient dtype");
        }
    }
}
