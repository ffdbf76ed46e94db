package dev.attention.train.search;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.train.fit.Loss;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a search found.
 *
 * @param trials   every trial, by index (the order candidates were drawn)
 * @param metric   the loss the folds were scored with (lower is better)
 * @param folds    cross-validation folds
 * @param examples how many examples the folds split
 * @param unit     what an example is, e.g. {@code query rows}
 * @param strategy {@code grid} or {@code random}
 * @param seed     the search seed
 * @param best     the winner refitted on all data; empty when no trial was scored
 */
@API(status = MAINTAINED)
public record SearchResult(List<Trial> trials, Loss metric, int folds, int examples, String unit, String strategy,
        long seed, Optional<BestModel> best) {
    /** Best first: lower mean, then lower spread, then the description and index, so ties order the same way every run. */
    public static final Comparator<Trial> RANKING = Comparator.comparing((Trial t) -> !t.ok())
            .thenComparingDouble(t -> t.ok() ? t.mean() : 0)
            .thenComparingDouble(t -> t.ok() ? t.std() : 0)
            .thenComparing(t -> t.ok() ? t.candidate().describe() : "")
            .thenComparingInt(Trial::index);

    public SearchResult {
        trials = List.copyOf(trials);
    }

    /** Scored trials best first, then the skipped and failed ones by index. */
    public List<Trial> leaderboard() {
        return trials.stream().sorted(RANKING).toList();
    }
}
