package dev.attention.train.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.core.JobFiles;
import dev.attention.train.fit.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped kernel-regression search (examples/kernel-regression/search.yaml): kernels win, the
 * seed article's dot + normalize runs (x ≥ 0) but loses, kernels under normalize are skipped with
 * the reason, and the written best.yaml reproduces what was reported.
 */
class KernelRegressionSearchTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static Job job;
    private static SearchResult result;

    @TempDir
    Path tmp;

    @BeforeAll
    static void search() {
        job = ENGINE.load(example("search.yaml"));
        result = ENGINE.search(job, SearchListener.NONE, 2);
    }

    static Path example(String file) {
        Path p = Path.of("..", "examples", "kernel-regression", file).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(p), "example not found at " + p);
        return p;
    }

    @Test
    void a_kernel_alignment_ranks_above_dot_with_normalize() {
        List<Trial> board = result.leaderboard();
        Trial best = board.get(0);
        assertTrue(Set.of("gaussian", "laplace").contains(best.candidate().alignment().id()), best.toString());
        Trial dotNormalize = trial("dot", "normalize");
        assertTrue(dotNormalize.ok(), "x in [0, 5] gives dot scores ≥ 0, so normalize runs: " + dotNormalize);
        assertTrue(best.mean() + best.std() < dotNormalize.mean() - dotNormalize.std(),
                "best " + best + " vs " + dotNormalize);
        assertTrue(board.indexOf(dotNormalize) > board.indexOf(best));
        assertEquals(Loss.MSE, result.metric());
        assertEquals(5, result.folds());
        assertEquals(5, best.foldScores().size());
    }

    @Test
    void kernels_under_normalize_are_skipped_with_the_reason_and_the_rest_scored() {
        Trial gaussianNormalize = result.trials().stream().filter(t -> t.candidate().alignment().id().equals("gaussian")
                && t.candidate().distribution().id().equals("normalize")).findFirst().orElseThrow();
        assertEquals(Trial.Status.SKIPPED, gaussianNormalize.status());
        assertTrue(gaussianNormalize.reason().contains("normalize needs scores ≥ 0"), gaussianNormalize.reason());
        long skipped = result.trials().stream().filter(t -> !t.ok()).count();
        assertEquals(5, skipped, "3 gaussian and 2 laplace starting widths under normalize");
        assertEquals(21, result.trials().size());
    }

    @Test
    void best_yaml_runs_to_the_reported_full_data_loss_and_rescores_to_the_reported_cv_score() throws IOException {
        Path dir = tmp.resolve("search");
        ENGINE.writeSearch(job, result, dir);
        BestModel best = result.best().orElseThrow();
        // The refitted values, bit for bit, in the safetensors file fit writes; best.yaml loads them.
        assertEquals("parameters.safetensors", SearchFiles.PARAMETERS);
        assertEquals(best.parameters().asMap(), JobFiles.parameters(dir.resolve(SearchFiles.PARAMETERS)).asMap());
        assertTrue(!best.parameters().names().isEmpty(),
                "the winning kernel's width was fitted: " + best.parameters().names());
        assertTrue(Files.readString(dir.resolve(SearchFiles.BEST)).contains("\nparameters: 'parameters.safetensors'\n"),
                Files.readString(dir.resolve(SearchFiles.BEST)));

        Job rerun = ENGINE.load(dir.resolve(SearchFiles.BEST));
        assertEquals(best.trial().candidate().describe(), new Candidate(rerun.config().variant(),
                rerun.config().alignment(), rerun.config().distribution()).describe());
        double loss = Loss.MSE.of(ENGINE.run(rerun).output(), rerun.targets().orElseThrow().tensor(), Optional.empty());
        assertEquals(best.fullDataLoss(), loss, 1e-12, "attention run best.yaml");

        SearchResult again = ENGINE.search(rerun, SearchListener.NONE, 1);
        assertEquals(1, again.trials().size());
        assertEquals(best.trial().foldScores(), again.trials().get(0).foldScores(), "same folds, same seed, same bits");
        assertEquals(best.trial().mean(), again.trials().get(0).mean());
    }

    @Test
    void a_zero_query_under_dot_normalize_is_refused_and_skipped_not_fatal() throws IOException {
        Files.writeString(tmp.resolve("zero.yaml"), String.join("\n",
                "pipeline: {variant: global}",
                "inputs:",
                "  keys: {data: [[0], [1], [2], [3], [4], [5]]}",
                "  values: {data: [[1], [2], [2], [3], [5], [4]]}",
                "  queries: {data: [[0], [1], [2], [3], [4], [5]]}",
                "fit: {leave-one-out: true, epochs: 5, targets: {data: [[1], [2], [2], [3], [5], [4]]}}",
                "search: {alignment: [dot, gaussian], distribution: [normalize, softmax], folds: 3}",
                ""));
        Job zero = ENGINE.load(tmp.resolve("zero.yaml"));
        SearchResult r = ENGINE.search(zero, SearchListener.NONE, 1);
        Trial dotNormalize = r.trials().stream().filter(t -> t.candidate().describe().equals(
                "global / dot / normalize")).findFirst().orElseThrow();
        assertEquals(Trial.Status.SKIPPED, dotNormalize.status());
        assertTrue(dotNormalize.reason().contains("normalize"), dotNormalize.reason());
        assertTrue(r.best().isPresent());
        assertTrue(r.trials().stream().filter(Trial::ok).count() >= 2, r.trials().toString());
    }

    private static Trial trial(String alignment, String distribution) {
        return result.trials().stream().filter(t -> t.candidate().alignment().id().equals(alignment)
                && t.candidate().distribution().id().equals(distribution)).findFirst().orElseThrow();
    }
}
