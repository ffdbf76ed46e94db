package dev.attention.train.search;

import dev.attention.api.DType;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.SearchConfig;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.TrainingData;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a search needs, as the engine reads it from a loaded config.
 *
 * @param name         the config's name (names the trial pipelines)
 * @param dtype        element type of every pipeline
 * @param pipelineSeed seed of every pipeline (initial values of learned parameters)
 * @param widths       input widths, which size learned parameters
 * @param base         the {@code pipeline:} section's variant, alignment and distribution, in that order
 * @param data         inputs and targets
 * @param fit          the {@code fit:} options; each trial replaces the seed with its own
 * @param search       the {@code search:} section
 * @param seed         the search seed (folds, random draws, trial seeds)
 * @param threads      trials run at once, ≥ 1
 */
public record SearchTask(String name, DType dtype, long pipelineSeed, Map<String, Integer> widths,
        List<ComponentConfig> base, TrainingData data, FitOptions fit, SearchConfig search, long seed, int threads) {
    public SearchTask {
        Objects.requireNonNull(name, "name");
        widths = Map.copyOf(widths);
        base = List.copyOf(base);
        if (base.size() != 3) {
            throw new IllegalArgumentException("base needs a variant, an alignment and a distribution");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
    }
}
