package dev.attention.train.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpaceTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.discover(SearchSpaceTest.class.getClassLoader());

    @TempDir
    Path dir;

    private SearchSpace space(String pipeline, String search) throws IOException {
        Path p = dir.resolve("s.yaml");
        Files.writeString(p, "pipeline: " + pipeline + "\nsearch:\n" + search);
        JobConfig c = new ConfigLoader().load(p);
        return SearchSpace.of(c.search().orElseThrow(), List.of(c.variant(), c.alignment(), c.distribution()),
                REGISTRY);
    }

    private void refused(String search, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> space("{variant: global}", search));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.line() > 0, "points into the file: " + e.getMessage());
    }

    @Test
    void a_grid_is_every_combination_variant_first_last_parameter_fastest() throws IOException {
        List<String> grid = space("{variant: global, distribution: softmax}", String.join("\n",
                "  alignment: [dot, gaussian]",
                "  parameters:",
                "    gaussian.sigma: {log-uniform: [0.5, 2], samples: 3}",
                "    softmax.temperature: [1, 2]",
                "")).grid().stream().map(Candidate::describe).toList();
        assertEquals(List.of(
                "global / dot / softmax(temperature=1)",
                "global / dot / softmax(temperature=2)",
                "global / gaussian(sigma=0.5) / softmax(temperature=1)",
                "global / gaussian(sigma=0.5) / softmax(temperature=2)",
                "global / gaussian(sigma=1.0) / softmax(temperature=1)",
                "global / gaussian(sigma=1.0) / softmax(temperature=2)",
                "global / gaussian(sigma=2.0) / softmax(temperature=1)",
                "global / gaussian(sigma=2.0) / softmax(temperature=2)"), grid);
    }

    @Test
    void slots_left_out_keep_the_pipeline_and_its_parameters_unless_searched() throws IOException {
        List<String> grid = space("{variant: {id: local-m, window: 3}, alignment: {id: additive, hidden: 4}}",
                "  alignment: [additive, dot]\n").grid().stream().map(Candidate::describe).toList();
        assertEquals(List.of("local-m(window=3) / additive(hidden=4) / softmax", "local-m(window=3) / dot / softmax"),
                grid);
        List<String> searched = space("{variant: {id: local-m, window: 3}}",
                "  parameters: {local-m.window: [1, 2]}\n").grid().stream().map(Candidate::describe).toList();
        assertEquals(List.of("local-m(window=1) / scaled-dot / softmax", "local-m(window=2) / scaled-dot / softmax"),
                searched);
    }

    @Test
    void a_variant_that_composes_no_alignment_or_distribution_is_tried_once_with_the_pipelines_choice()
            throws IOException {
        String search = String.join("\n",
                "  variant: [global, active-memory, multidimensional]",
                "  alignment: [dot, gaussian]",
                "  distribution: [softmax, sparsemax]",
                "  parameters: {gaussian.sigma: [0.5, 1.0]}",
                "");
        List<String> grid = space("{variant: global, alignment: dot, distribution: softmax}", search).grid().stream()
                .map(Candidate::describe).toList();
        // global: (dot + gaussian × 2 sigmas) × 2 distributions = 6; active-memory: 1; multidimensional
        // uses only the distribution: 2.
        assertEquals(List.of(
                "global / dot / softmax", "global / dot / sparsemax",
                "global / gaussian(sigma=0.5) / softmax", "global / gaussian(sigma=1.0) / softmax",
                "global / gaussian(sigma=0.5) / sparsemax", "global / gaussian(sigma=1.0) / sparsemax",
                "active-memory / dot / softmax",
                "multidimensional / dot / softmax", "multidimensional / dot / sparsemax"), grid);
        List<String> drawn = space("{variant: global, alignment: dot, distribution: softmax}", search)
                .sample(50, new Random(3)).stream().map(Candidate::describe).toList();
        assertEquals(new HashSet<>(grid), new HashSet<>(drawn), "random search runs out at the same 9");
    }

    @Test
    void random_search_draws_distinct_candidates_reproducibly_and_stops_when_the_space_runs_out() throws IOException {
        String search = String.join("\n",
                "  alignment: [dot, gaussian, laplace]",
                "  distribution: [softmax, sparsemax]",
                "  parameters: {softmax.temperature: {log-uniform: [0.1, 10]}}",
                "  strategy: {id: random, trials: 12}",
                "");
        List<Candidate> a = space("{variant: global}", search).sample(12, new Random(5));
        List<Candidate> b = space("{variant: global}", search).sample(12, new Random(5));
        assertEquals(a, b);
        assertEquals(12, new HashSet<>(a.stream().map(Candidate::describe).toList()).size());
        assertNotEquals(a, space("{variant: global}", search).sample(12, new Random(6)));
        for (Candidate c : a) {
            if (c.distribution().id().equals("softmax")) {
                double t = (Double) c.distribution().parameters().get("temperature");
                assertTrue(t >= 0.1 && t <= 10, "temperature " + t);
            }
        }
        // Three alignments × sparsemax plus continuous softmax: only the 3 sparsemax points are finite.
        List<Candidate> small = space("{variant: global}", "  alignment: [dot, gaussian, laplace]\n"
                + "  strategy: {id: random, trials: 50}\n").sample(50, new Random(1));
        assertEquals(3, small.size());
    }

    @Test
    void refuses_unknown_plugins_parameters_and_ranges_the_strategy_cannot_use() {
        refused("  alignment: [dot, gausian]\n", "did you mean 'gaussian'");
        refused("  alignment: [dot]\n  parameters: {gaussian.sigma: [1]}\n", "plugin 'gaussian' is not a candidate");
        refused("  alignment: [gaussian]\n  parameters: {gaussian.sigmaa: [1]}\n", "has no parameter 'sigmaa'");
        refused("  alignment: [gaussian]\n  parameters: {gaussian.sigma: [1, -1]}\n", "out of range");
        refused("  alignment: [gaussian]\n  parameters: {gaussian.sigma: {uniform: [0, 2], samples: 3}}\n",
                "out of range");
        refused("  alignment: [gaussian]\n  parameters: {gaussian.sigma: {uniform: [0.2, 2]}}\n",
                "add samples: N");
        refused("  variant: [local-m]\n  parameters: {local-m.window: {uniform: [1, 4]}}\n"
                + "  strategy: {id: random, trials: 3}\n", "list its values");
        refused("  variant: [local-m]\n  parameters: {local-m.window: [1.5]}\n", "whole number");
    }
}
