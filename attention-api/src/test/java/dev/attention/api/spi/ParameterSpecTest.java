package dev.attention.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declared parameters: type conversion, ranges, choices and defaults. */
class ParameterSpecTest {

    @Test
    void names_are_lowercase_identifiers() {
        ParameterSpec.doubleParam("top-k_2");
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.doubleParam("Temperature"));
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.doubleParam("2x"));
        assertThrows(NullPointerException.class, () -> ParameterSpec.doubleParam(null));
    }

    @Test
    void double_accepts_any_finite_number() {
        ParameterSpec s = ParameterSpec.doubleParam("t");
        assertEquals(2.0, s.convert(2));
        assertEquals(2.5, s.convert(2.5f));
        assertEquals(3.0, s.convert(3L));
        assertEquals(Double.class, s.convert(2).getClass());
        ConfigException e = assertThrows(ConfigException.class, () -> s.convert(Double.NaN));
        assertTrue(e.getMessage().startsWith("t: must be a finite number"), e.getMessage());
        assertThrows(ConfigException.class, () -> s.convert(Double.POSITIVE_INFINITY));
        ConfigException str = assertThrows(ConfigException.class, () -> s.convert("1.5"));
        assertTrue(str.getMessage().startsWith("t: expected a number, got '1.5'"), str.getMessage());
    }

    @Test
    void integer_refuses_fractions_and_overflow() {
        ParameterSpec s = ParameterSpec.intParam("k");
        assertEquals(3, s.convert(3));
        assertEquals(3, s.convert(3L));
        assertEquals(Integer.class, s.convert(3L).getClass());
        ConfigException e = assertThrows(ConfigException.class, () -> s.convert(2.5));
        assertTrue(e.getMessage().startsWith("k: expected a whole number, got 2.5"), e.getMessage());
        assertThrows(ConfigException.class, () -> s.convert(2.0), "a double is not an integer even when whole");
        assertThrows(ConfigException.class, () -> s.convert(1L << 40));
    }

    @Test
    void boolean_and_string_need_their_own_types() {
        assertEquals(true, ParameterSpec.booleanParam("b").convert(true));
        assertThrows(ConfigException.class, () -> ParameterSpec.booleanParam("b").convert("true"));
        assertEquals("x", ParameterSpec.stringParam("s").convert("x"));
        assertThrows(ConfigException.class, () -> ParameterSpec.stringParam("s").convert(1));
        ConfigException none = assertThrows(ConfigException.class, () -> ParameterSpec.stringParam("s").convert(null));
        assertTrue(none.getMessage().contains("got nothing"), none.getMessage());
    }

    @Test
    void exclusive_lower_bound() {
        ParameterSpec s = ParameterSpec.doubleParam("temperature").greaterThan(0);
        assertEquals("(0, ∞)", s.range());
        assertEquals(1e-9, s.convert(1e-9));
        ConfigException e = assertThrows(ConfigException.class, () -> s.convert(0));
        assertEquals("temperature: 0 is out of range (allowed: (0, ∞))", e.getMessage());
        assertEquals("temperature", e.key().orElseThrow());
    }

    @Test
    void inclusive_bounds() {
        ParameterSpec s = ParameterSpec.intParam("k").atLeast(1).atMost(10);
        assertEquals("[1, 10]", s.range());
        assertEquals(1, s.convert(1));
        assertEquals(10, s.convert(10));
        assertThrows(ConfigException.class, () -> s.convert(0));
        ConfigException e = assertThrows(ConfigException.class, () -> s.convert(11));
        assertEquals("k: 11 is out of range (allowed: [1, 10])", e.getMessage());
    }

    @Test
    void exclusive_upper_and_fractional_bounds() {
        ParameterSpec s = ParameterSpec.doubleParam("p").atLeast(0.5).lessThan(1);
        assertEquals("[0.5, 1)", s.range());
        assertThrows(ConfigException.class, () -> s.convert(1));
        assertEquals(0.5, s.convert(0.5));
        assertEquals("(-∞, 5]", ParameterSpec.doubleParam("x").atMost(5).range());
        assertEquals("", ParameterSpec.doubleParam("x").range());
    }

    @Test
    void choices() {
        ParameterSpec s = ParameterSpec.stringParam("mode").choices("sum", "mean");
        assertEquals(List.of("sum", "mean"), s.allowedChoices());
        assertEquals("sum | mean", s.range());
        assertEquals("mean", s.convert("mean"));
        ConfigException e = assertThrows(ConfigException.class, () -> s.convert("max"));
        assertEquals("mode: 'max' is not allowed (use one of [sum, mean])", e.getMessage());
        assertThrows(IllegalStateException.class, () -> ParameterSpec.intParam("k").choices("1"));
    }

    @Test
    void defaults_make_a_parameter_optional_and_are_converted() {
        ParameterSpec req = ParameterSpec.doubleParam("t");
        assertTrue(req.required());
        assertTrue(req.defaultValue().isEmpty());
        ParameterSpec opt = req.greaterThan(0).defaultValue(1);
        assertFalse(opt.required());
        assertEquals(1.0, opt.defaultValue().orElseThrow(), "integer default converted to Double");
        assertEquals("t: double = 1.0 in (0, ∞)", opt.toString());
        assertEquals("t: double (required)", req.toString());
    }

    @Test
    void defaults_are_validated_against_type_range_and_choices() {
        assertThrows(ConfigException.class, () -> ParameterSpec.doubleParam("t").defaultValue("one"));
        assertThrows(ConfigException.class, () -> ParameterSpec.doubleParam("t").greaterThan(0).defaultValue(0));
        assertThrows(ConfigException.class,
                () -> ParameterSpec.stringParam("m").choices("a", "b").defaultValue("c"));
    }

    @Test
    void a_default_declared_before_its_range_is_still_validated() {
        // The class Javadoc writes defaultValue(...) before greaterThan(...); order must not matter.
        assertThrows(ConfigException.class, () -> ParameterSpec.doubleParam("t").defaultValue(-1.0).greaterThan(0));
        assertThrows(ConfigException.class, () -> ParameterSpec.intParam("k").defaultValue(20).atMost(10));
        assertThrows(ConfigException.class, () -> ParameterSpec.stringParam("m").defaultValue("c").choices("a", "b"));
        assertEquals(1.0, ParameterSpec.doubleParam("t").defaultValue(1.0).greaterThan(0).defaultValue().orElseThrow());
    }

    @Test
    void doc_is_kept_and_used_as_hint_for_unbounded_types() {
        ParameterSpec s = ParameterSpec.intParam("k").doc("number of keys kept");
        assertEquals("number of keys kept", s.doc());
        ConfigException e = assertThrows(ConfigException.class, () -> s.convert("3"));
        assertEquals("k: expected a whole number, got '3' (integer: number of keys kept)", e.getMessage());
    }
}
