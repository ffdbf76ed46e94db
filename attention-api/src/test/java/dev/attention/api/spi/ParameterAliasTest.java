package dev.attention.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A renamed parameter keeps old configurations working: the old name is taken with a warning. */
class ParameterAliasTest {
    private static final ParameterSpec TEMPERATURE = ParameterSpec.doubleParam("temperature").defaultValue(1.0)
            .greaterThan(0).alias("tau").alias("t");

    @Test
    void an_old_name_sets_the_parameter_and_warns_naming_the_new_one() {
        List<String> warnings = new ArrayList<>();
        PluginContext c = PluginContext.builder("softmax", List.of(TEMPERATURE)).warnings(warnings::add)
                .parameter("tau", 0.5).build();
        assertEquals(0.5, c.getDouble("temperature"));
        assertEquals(List.of("temperature"), List.copyOf(c.values().keySet()), "values carry the current name only");
        assertEquals(List.of("parameter 'tau' of 'softmax' is deprecated; write 'temperature' instead"), warnings);
        assertEquals(List.of("tau", "t"), TEMPERATURE.aliases());
    }

    @Test
    void the_current_name_warns_nothing() {
        List<String> warnings = new ArrayList<>();
        PluginContext.builder("softmax", List.of(TEMPERATURE)).warnings(warnings::add).parameter("temperature", 2)
                .build();
        assertEquals(List.of(), warnings);
    }

    @Test
    void an_old_name_is_checked_like_the_new_one() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder("softmax", List.of(TEMPERATURE)).parameter("t", -1));
        assertEquals("temperature", e.key().orElseThrow(), "the range error names the parameter");
    }

    @Test
    void two_names_of_one_parameter_are_an_error_naming_both() {
        ConfigException e = assertThrows(ConfigException.class, () -> PluginContext.builder("softmax",
                List.of(TEMPERATURE)).parameter("temperature", 2).parameter("tau", 3));
        assertEquals("tau", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("'tau' and 'temperature' both set parameter 'temperature'"), e.getMessage());
        assertThrows(ConfigException.class, () -> PluginContext.builder("softmax", List.of(TEMPERATURE))
                .parameter("t", 2).parameter("tau", 3));
    }

    @Test
    void an_alias_that_is_another_parameters_name_or_repeats_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> TEMPERATURE.alias("tau"));
        assertThrows(IllegalArgumentException.class, () -> TEMPERATURE.alias("temperature"));
        assertThrows(IllegalArgumentException.class, () -> TEMPERATURE.alias("Tau"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginContext.builder("x",
                List.of(TEMPERATURE, ParameterSpec.intParam("tau").defaultValue(1))));
        assertTrue(e.getMessage().contains("'tau' twice"), e.getMessage());
    }
}
