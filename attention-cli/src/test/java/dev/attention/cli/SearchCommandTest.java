package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attention search} end to end: leaderboard, files, best.yaml runs and re-scores, thread count, errors. */
class SearchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void searches_the_kernel_example_writes_the_files_and_best_yaml_runs_and_rescores() throws IOException {
        Path config = FitExamplesTest.example("kernel-regression").resolve("search.yaml");
        Cli.Result r = Cli.run("search", config.toString(), "--out", tmp.resolve("s1").toString(), "--threads", "1");
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), "no progress off a terminal: " + r);
        assertEquals("", r.systemErr(), "nothing logged unless verbose: " + r);
        assertEquals("", r.systemOut(), r::toString);
        List<String> out = r.out().lines().toList();
        assertTrue(out.get(0).startsWith("kernel-regression: grid search, 21 trial(s), 5-fold cross-validation on 50"),
                r.out());
        assertTrue(out.get(2).matches("\\s+1\\s+0\\.\\d+ ± .*global / (gaussian|laplace).*"), r.out());
        assertTrue(r.out().contains("5 skipped:"), r.out());
        assertTrue(r.out().contains("normalize needs scores ≥ 0"), r.out());
        for (String f : List.of("leaderboard.csv", "best.yaml", "parameters.safetensors")) {
            assertTrue(Files.isRegularFile(tmp.resolve("s1").resolve(f)), f);
        }
        List<String> board = Files.readAllLines(tmp.resolve("s1/leaderboard.csv"));
        assertEquals(22, board.size());
        assertTrue(board.get(1).startsWith("1,"), board.get(1));

        Cli.Result run = Cli.run("run", tmp.resolve("s1/best.yaml").toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(Files.isRegularFile(tmp.resolve("run/output.csv")));

        Cli.Result again = Cli.run("search", tmp.resolve("s1/best.yaml").toString(), "--out",
                tmp.resolve("s2").toString());
        assertEquals(0, again.code(), again::toString);
        List<String> rescored = Files.readAllLines(tmp.resolve("s2/leaderboard.csv"));
        assertEquals(2, rescored.size());
        // Same candidate, folds and seed: the same scores, to the last bit (columns after trial and status).
        assertEquals(scores(board.get(1)), scores(rescored.get(1)));

        Cli.Result four = Cli.run("search", config.toString(), "--out", tmp.resolve("s4").toString(), "--threads", "4");
        assertEquals(0, four.code(), four::toString);
        assertEquals(Files.readString(tmp.resolve("s1/leaderboard.csv")),
                Files.readString(tmp.resolve("s4/leaderboard.csv")));
    }

    @Test
    void a_config_without_search_is_one_line_and_exit_1() {
        Path config = FitExamplesTest.example("kernel-regression").resolve("fit.yaml");
        Cli.Result r = Cli.run("search", config.toString(), "--out", tmp.resolve("none").toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("the config has no 'search:' section"), r.err());
        assertTrue(!Files.exists(tmp.resolve("none")), "nothing written");
    }

    @Test
    void a_bad_search_section_points_at_the_key() throws IOException {
        Path dir = FitExamplesTest.example("kernel-regression");
        String text = Files.readString(dir.resolve("search.yaml")).replace("laplace.b: [0.5, 1]", "laplace.bb: [1]")
                .replace("file: train.csv", "file: '" + dir.resolve("train.csv") + "'");
        Path config = Files.writeString(tmp.resolve("bad.yaml"), text);
        Cli.Result r = Cli.run("search", config.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("bad.yaml:") && r.err().contains("search.parameters.laplace.bb")
                && r.err().contains("did you mean 'b'"), r.err());
    }

    /** A leaderboard row from its variant column on. */
    private static String scores(String row) {
        String[] cells = row.split(",", -1);
        return String.join(",", List.of(cells).subList(3, cells.length));
    }
}
