package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One entry of {@code pipeline.levels} for a hierarchical variant: the level's alignment and
 * distribution (inherited from the pipeline's when left out) and its overrides of the variant's
 * parameters (every key other than {@code alignment} and {@code distribution}), checked against
 * the variant's parameter specs when the pipeline is assembled.
 *
 * @param key          the config key, e.g. {@code pipeline.levels[1]} (1-based, innermost first)
 * @param alignment    the level's alignment choice
 * @param distribution the level's distribution choice
 * @param parameters   raw variant-parameter overrides in file order
 * @param positions    where each override was written
 * @param position     where the level was written
 */
@API(status = MAINTAINED)
public record LevelConfig(String key, ComponentConfig alignment, ComponentConfig distribution,
        Map<String, Object> parameters, Map<String, Position> positions, Position position) {
    public LevelConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(distribution, "distribution");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        positions = Map.copyOf(positions);
        Objects.requireNonNull(position, "position");
    }

    /** The overrides as a component of the variant {@code variantId}, for positioned validation. */
    public ComponentConfig variant(String variantId) {
        return new ComponentConfig(key, variantId, parameters, positions, position);
    }
}
