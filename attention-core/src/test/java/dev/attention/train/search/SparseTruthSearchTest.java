package dev.attention.train.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * examples/sparse-truth: the target depends on 2 of 20 elements (tools/make_sparse_truth.py), so a
 * sparse distribution should beat softmax, or at least tie within one standard deviation.
 */
class SparseTruthSearchTest {
    @Test
    void a_sparse_distribution_beats_softmax_or_ties_within_one_std() {
        Path config = Path.of("..", "examples", "sparse-truth", "search.yaml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(config), "example not found at " + config);
        AttentionEngine engine = Attention.engine();
        long start = System.nanoTime();
        Job job = engine.load(config);
        SearchResult r = engine.search(job, SearchListener.NONE, 2);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Trial> scored = r.leaderboard().stream().filter(Trial::ok).toList();
        Trial sparse = best(scored, Set.of("sparsemax", "entmax15"));
        Trial softmax = best(scored, Set.of("softmax"));
        assertTrue(sparse.mean() <= softmax.mean() + softmax.std(), "sparse " + sparse + " vs softmax " + softmax);
        assertTrue(Set.of("sparsemax", "entmax15").contains(scored.get(0).candidate().distribution().id()),
                "the leaderboard's top: " + scored.get(0));
        assertTrue(seconds < 60, "search took " + seconds + " s");
    }

    private static Trial best(List<Trial> trials, Set<String> distributions) {
        return trials.stream().filter(t -> distributions.contains(t.candidate().distribution().id()))
                .min(Comparator.comparingDouble(Trial::mean)).orElseThrow();
    }
}
