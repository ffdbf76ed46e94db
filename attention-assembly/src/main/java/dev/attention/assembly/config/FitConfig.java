package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The {@code fit:} section, validated for structure, ids and types; the engine turns it into fit
 * options (ranges are checked there, at the positions kept here).
 *
 * @param loss            {@code mse} or {@code cross-entropy}
 * @param optimizer       {@code sgd} or {@code adam} with its numbers
 * @param epochs          ≥ 1
 * @param batchSize       0 = full batch
 * @param validationSplit fraction held out
 * @param earlyStopping   {@code patience}, {@code min-delta}, if given
 * @param schedule        {@code constant}, {@code step} or {@code cosine} with its numbers
 * @param clipNorm        0 = no clipping
 * @param init            {@code keep}, {@code xavier}, {@code he} or {@code constant}
 * @param headOutputs     0 = no head
 * @param leaveOneOut     mask each training row's own key
 * @param seed            the fit's seed, if set apart from the pipeline's
 * @param targets         where the targets come from
 * @param trainMask       which rows' targets count in the loss: one 1 (train) or 0 (held out) per
 *                        prediction row, read as a mask is (bool, integer or float file, CSV
 *                        column); empty = every row trains
 * @param position        where {@code fit:} is
 */
@API(status = MAINTAINED)
public record FitConfig(String loss, Choice optimizer, long epochs, long batchSize, double validationSplit,
        Optional<Choice> earlyStopping, Choice schedule, double clipNorm, Choice init, long headOutputs,
        boolean leaveOneOut, Optional<Long> seed, InputConfig targets, Optional<InputConfig> trainMask,
        Map<String, Position> positions, Position position) {

    public FitConfig {
        positions = Map.copyOf(positions);
    }

    /** A section without a training mask. */
    public FitConfig(String loss, Choice optimizer, long epochs, long batchSize, double validationSplit,
            Optional<Choice> earlyStopping, Choice schedule, double clipNorm, Choice init, long headOutputs,
            boolean leaveOneOut, Optional<Long> seed, InputConfig targets, Map<String, Position> positions,
            Position position) {
        this(loss, optimizer, epochs, batchSize, validationSplit, earlyStopping, schedule, clipNorm, init, headOutputs,
                leaveOneOut, seed, targets, Optional.empty(), positions, position);
    }

    /** Where {@code fit.<key>} was written, or the section itself. */
    public Position positionOf(String key) {
        return positions.getOrDefault(key, position);
    }

    /**
     * A named choice with numeric settings, e.g. {@code {id: adam, lr: 0.01}}.
     *
     * @param id        the choice
     * @param values    its settings by key, in file order
     * @param positions where each setting was written
     * @param position  where the choice was written
     */
    public record Choice(String id, Map<String, Double> values, Map<String, Position> positions, Position position) {
        public Choice {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
            positions = Map.copyOf(positions);
        }

        /** The setting {@code key}, or {@code fallback} when not written. */
        public double get(String key, double fallback) {
            return values.getOrDefault(key, fallback);
        }

        public Position positionOf(String key) {
            return positions.getOrDefault(key, position);
        }
    }
}
