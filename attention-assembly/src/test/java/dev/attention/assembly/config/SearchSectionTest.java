package dev.attention.assembly.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSectionTest {
    @TempDir
    Path dir;

    private JobConfig load(String search) throws IOException {
        Path p = dir.resolve("search.yaml");
        Files.writeString(p, "pipeline: {variant: global}\nsearch:\n" + search);
        return new ConfigLoader().load(p);
    }

    private ConfigException error(String search, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(search));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("search.yaml").toString() + ":"), e.getMessage());
        return e;
    }

    @Test
    void reads_slots_ranges_and_options_in_file_order() throws IOException {
        SearchConfig s = load(String.join("\n",
                "  alignment: [dot, gaussian]",
                "  distribution: sparsemax",
                "  parameters:",
                "    local-m.window: [1, 2, 4]",
                "    gaussian.sigma: {log-uniform: [0.1, 10], samples: 3}",
                "    softmax.temperature: {uniform: [0.5, 2]}",
                "  strategy: {id: random, trials: 30}",
                "  folds: 4",
                "  seed: 9",
                "  threads: 2",
                "")).search().orElseThrow();
        assertEquals(List.of("dot", "gaussian"), s.slots().get("alignment").stream().map(SearchConfig.Id::id).toList());
        assertEquals(List.of("sparsemax"), s.slots().get("distribution").stream().map(SearchConfig.Id::id).toList());
        assertTrue(!s.slots().containsKey("variant"));
        assertEquals(List.of("local-m.window", "gaussian.sigma", "softmax.temperature"),
                List.copyOf(s.parameters().keySet()));
        assertEquals(List.of(1L, 2L, 4L), ((SearchConfig.Values) s.parameters().get("local-m.window")).values());
        assertEquals(new SearchConfig.Interval(true, 0.1, 10, 3, s.parameters().get("gaussian.sigma").position()),
                s.parameters().get("gaussian.sigma"));
        assertEquals(0, ((SearchConfig.Interval) s.parameters().get("softmax.temperature")).samples());
        assertEquals("random", s.strategy());
        assertEquals(30, s.trials());
        assertEquals(4, s.folds());
        assertEquals(Optional.of(9L), s.seed());
        assertEquals(2, s.threads());
        assertEquals(7, s.parameters().get("gaussian.sigma").position().line());
    }

    @Test
    void defaults_are_grid_five_folds_and_one_thread_per_processor() throws IOException {
        SearchConfig s = load("  alignment: [dot]\n").search().orElseThrow();
        assertEquals("grid", s.strategy());
        assertEquals(0, s.trials());
        assertEquals(5, s.folds());
        assertEquals(Optional.empty(), s.seed());
        assertEquals(0, s.threads());
    }

    @Test
    void refuses_what_it_cannot_read_naming_the_key() {
        error("  alignmnt: [dot]\n", "did you mean 'alignment'");
        error("  alignment: []\n", "no candidates listed");
        error("  alignment: [dot, dot]\n", "'dot' is listed twice");
        error("  strategy: random\n", "random search needs a trial budget");
        error("  strategy: {id: grid, trials: 3}\n", "'trials' is for random search");
        error("  strategy: annealing\n", "unknown strategy 'annealing'");
        error("  folds: 1\n", "folds must be between 2");
        error("  threads: 0\n", "threads must be between 1");
        error("  parameters: {temperature: [1]}\n", "write <plugin-id>.<parameter>");
        error("  parameters: {softmax.temperature: 2}\n", "a single value is a list of one: [v]");
        error("  parameters: {softmax.temperature: []}\n", "no values listed");
        error("  parameters: {softmax.temperature: [1, 1.0]}\n", "listed twice");
        error("  parameters: {softmax.temperature: {uniform: [2, 1]}}\n", "is not below the high end");
        error("  parameters: {softmax.temperature: {log-uniform: [0, 1]}}\n", "positive low end");
        error("  parameters: {softmax.temperature: {uniform: [0.1, 1], log-uniform: [0.1, 1]}}\n", "exactly one of");
        error("  parameters: {softmax.temperature: {uniform: [0.1, 1], samples: 1}}\n", "samples must be between 2");
        error("  parameters: {softmax.temperature: {normal: [0, 1]}}\n", "unknown key 'normal'");
    }
}
