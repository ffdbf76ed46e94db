package dev.attention.train.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leaderboard is the same bits on 1 and 4 threads: trials are seeded by the search seed and the candidate. */
class SearchDeterminismTest {
    private static final AttentionEngine ENGINE = Attention.engine();

    @TempDir
    Path tmp;

    @Test
    void one_and_four_threads_give_the_same_leaderboard_bits() throws IOException {
        Path data = KernelRegressionSearchTest.example("train.csv");
        Files.writeString(tmp.resolve("random.yaml"), String.join("\n",
                "name: random-kernels",
                "seed: 4",
                "pipeline: {variant: global, alignment: gaussian}",
                "inputs:",
                "  keys:    {file: '" + data + "', columns: [x]}",
                "  values:  {file: '" + data + "', columns: [y]}",
                "  queries: {file: '" + data + "', columns: [x]}",
                "fit: {optimizer: {id: adam, lr: 0.05}, epochs: 30, batch-size: 16, leave-one-out: true,",
                "      targets: {file: '" + data + "', columns: [y]}}",
                "search:",
                "  alignment: [dot, gaussian, laplace]",
                "  distribution: [softmax, sparsemax, entmax15, normalize]",
                "  parameters:",
                "    gaussian.sigma: {log-uniform: [0.2, 2]}",
                "    softmax.temperature: {uniform: [0.5, 2]}",
                "  strategy: {id: random, trials: 10}",
                "  folds: 4",
                ""));
        Job job = ENGINE.load(tmp.resolve("random.yaml"));
        String one = csv(ENGINE.search(job, SearchListener.NONE, 1));
        String four = csv(ENGINE.search(job, SearchListener.NONE, 4));
        assertEquals(one, four);
        assertEquals(11, one.lines().count(), one);
        assertTrue(one.contains(",ok,"), one);
    }

    private static String csv(SearchResult r) throws IOException {
        StringWriter w = new StringWriter();
        LeaderboardCsv.write(w, r);
        return w.toString();
    }
}
