package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The {@code search:} section, validated for structure and types; plugin ids and parameter names
 * are checked against the registry when the search starts, at the positions kept here.
 *
 * @param slots      candidate plugin ids per slot ({@code variant}, {@code alignment},
 *                   {@code distribution}) in file order; a slot left out keeps the pipeline's choice
 * @param parameters values or a range per {@code <plugin-id>.<parameter>}, in file order
 * @param strategy   {@code grid} or {@code random}
 * @param trials     the trial budget of {@code random}; 0 for {@code grid}
 * @param folds      cross-validation folds, ≥ 2
 * @param seed       the search's seed, if set apart from the config's
 * @param threads    trials run at once; 0 = one per processor
 * @param positions  where each key of the section was written
 * @param position   where {@code search:} is
 */
@API(status = MAINTAINED)
public record SearchConfig(Map<String, List<Id>> slots, Map<String, Range> parameters, String strategy, int trials,
        int folds, Optional<Long> seed, int threads, Map<String, Position> positions, Position position) {
    public static final String GRID = "grid";
    public static final String RANDOM = "random";

    public SearchConfig {
        slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        positions = Map.copyOf(positions);
    }

    /** Where {@code search.<key>} was written, or the section itself. */
    public Position positionOf(String key) {
        return positions.getOrDefault(key, position);
    }

    /** The same search with another thread budget (0 = one per processor). */
    public SearchConfig withThreads(int threads) {
        return new SearchConfig(slots, parameters, strategy, trials, folds, seed, threads, positions, position);
    }

    /** A plugin id as written. */
    public record Id(String id, Position position) {
    }

    /** What one parameter may take. */
    public sealed interface Range permits Values, Interval {
        Position position();
    }

    /**
     * Listed values (numbers, booleans or text), tried as given.
     *
     * @param values   in file order, without repeats
     * @param position where the list was written
     */
    public record Values(List<Object> values, Position position) implements Range {
        public Values {
            values = List.copyOf(values);
        }
    }

    /**
     * A continuous range {@code [low, high]}, drawn uniformly or log-uniformly. With {@code samples}
     * it is the grid of that many evenly spaced points (in log space for log-uniform), ends
     * included, in either strategy.
     *
     * @param logScale whether it is {@code log-uniform}
     * @param low      the lower end
     * @param high     the upper end, above {@code low}
     * @param samples  grid points, ≥ 2; 0 = continuous (random search only)
     * @param position where the range was written
     */
    public record Interval(boolean logScale, double low, double high, int samples, Position position)
            implements Range {
        /** How it is written, e.g. {@code log-uniform [0.1, 10]}. */
        public String describe() {
            return (logScale ? "log-uniform" : "uniform") + " [" + low + ", " + high + "]"
                    + (samples > 0 ? " × " + samples : "");
        }
    }
}
