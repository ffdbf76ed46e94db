package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One plugin choice: its id and raw parameter values, with the positions of each parameter so
 * that the engine's validation errors point into the file.
 *
 * @param key        the config key this came from, e.g. {@code pipeline.alignment}
 * @param id         the plugin id
 * @param parameters raw values (Long, Double, Boolean, String) in file order
 * @param positions  where each parameter was written; absent for Java-built pipelines
 * @param position   where the component was written
 */
@API(status = MAINTAINED)
public record ComponentConfig(String key, String id, Map<String, Object> parameters,
        Map<String, Position> positions, Position position) {

    public ComponentConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        positions = Map.copyOf(positions);
        Objects.requireNonNull(position, "position");
    }

    /** A component chosen in Java, without file positions. */
    public static ComponentConfig of(String key, String id, Map<String, ?> parameters) {
        return new ComponentConfig(key, id, new LinkedHashMap<>(parameters), Map.of(), Position.NONE);
    }

    /** Where parameter {@code name} was written, or the component itself if it was not. */
    public Position positionOf(String name) {
        return positions.getOrDefault(name, position);
    }
}
