package dev.attention.spark;

import dev.attention.assembly.config.ComponentConfig;
import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * One plugin choice as it travels to the executors: its id and its raw parameter values (Long,
 * Double, Boolean or String, as the config loader read them, in file order).
 */
record ComponentSpec(String id, LinkedHashMap<String, Object> parameters) implements Serializable {
    private static final long serialVersionUID = 1L;

    static ComponentSpec of(ComponentConfig c) {
        return new ComponentSpec(c.id(), new LinkedHashMap<>(c.parameters()));
    }
}
