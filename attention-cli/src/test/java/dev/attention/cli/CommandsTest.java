package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The informational commands: plugins, validate, --help and --version. */
class CommandsTest {
    @TempDir
    Path dir;

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), () -> "nothing on stderr on success: " + r);
        assertEquals("", r.systemErr(), () -> "nothing logged on success: " + r);
        assertEquals("", r.systemOut(), () -> "output only through the given writer: " + r);
        return r;
    }

    @Test
    void plugins_lists_every_shipped_plugin_by_kind() {
        String out = ok("plugins").out();
        List<String> lines = out.lines().toList();
        assertHeading(lines, "alignments:", "cosine", "dot", "scaled-dot");
        assertHeading(lines, "distributions:", "normalize", "sigmoid", "softmax");
        assertHeading(lines, "variants:", "global");
        assertTrue(out.lines().anyMatch(l -> l.contains("temperature:") && l.contains("(0, ∞)")), out);
    }

    @Test
    void plugins_says_which_variants_use_no_alignment_or_distribution() {
        List<String> lines = ok("plugins").out().lines().toList();
        assertTrue(block(lines, "active-memory").contains("      uses no alignment or distribution"), lines::toString);
        assertTrue(block(lines, "multidimensional").contains("      uses no alignment"), lines::toString);
        assertTrue(block(lines, "global").stream().noneMatch(l -> l.startsWith("      uses no")), lines::toString);
    }

    /** The indented lines under plugin {@code id}'s line. */
    private static List<String> block(List<String> lines, String id) {
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("  " + id + "  ")).findFirst().orElseThrow());
        return lines.subList(at + 1, lines.size()).stream().takeWhile(l -> l.startsWith("      ")).toList();
    }

    @Test
    void plugins_lists_the_import_formats_under_their_variant() {
        List<String> lines = ok("plugins").out().lines().toList();
        int multiHead = lines.indexOf(lines.stream().filter(l -> l.startsWith("  multi-head  ")).findFirst().orElseThrow());
        int next = multiHead + 1;
        while (next < lines.size() && lines.get(next).startsWith("      ")) {
            next++;
        }
        List<String> own = lines.subList(multiHead, next);
        for (String format : List.of("torch-mha", "llama", "bert")) {
            assertTrue(own.stream().anyMatch(l -> l.startsWith("      parameters format " + format + " — ")),
                    () -> format + " not listed under multi-head: " + own);
        }
        assertTrue(own.stream().anyMatch(l -> l.contains("q_proj, k_proj, v_proj, o_proj")), () -> own.toString());
    }

    /** Each id is listed ("  id  — …") after its kind's heading and before the next heading. */
    private static void assertHeading(List<String> lines, String heading, String... ids) {
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, () -> heading + " missing in " + lines);
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).endsWith("s:")) {
            end++;
        }
        List<String> section = lines.subList(start + 1, end);
        for (String id : ids) {
            assertTrue(section.stream().anyMatch(l -> l.startsWith("  " + id + "  ")),
                    () -> id + " not listed under " + heading + ": " + section);
        }
    }

    @Test
    void validate_prints_ok_and_input_shapes_and_writes_nothing() throws IOException {
        Path config = Files.copy(Cli.seedExample("config.yaml"), dir.resolve("config.yaml"));
        Files.copy(Cli.seedExample("train.csv"), dir.resolve("train.csv"));
        Files.copy(Cli.seedExample("test.csv"), dir.resolve("test.csv"));

        String out = ok("validate", config.toString()).out();

        assertTrue(out.startsWith("ok: seed-figure-1"), out);
        // train.csv has 4 rows (keys x, values y), test.csv 3 rows, one column each.
        assertTrue(out.contains("keys [4, 1]"), out);
        assertTrue(out.contains("values [4, 1]"), out);
        assertTrue(out.contains("queries [3, 1]"), out);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "validate adds no file next to the config");
        }
    }

    @Test
    void validate_rejects_a_bad_config_with_exit_1() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.yaml"), "pipeline: {distribution: {id: softmax, temperature: 0}}\n");
        Cli.Result r = Cli.run("validate", config.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of(r.err().strip()), r.errLines(), r::toString);
        assertTrue(r.err().contains("pipeline.distribution.temperature"), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void help_goes_to_stdout() {
        String root = ok("--help").out();
        assertTrue(root.startsWith("Usage: attention"), root);
        assertTrue(root.contains("run") && root.contains("validate") && root.contains("plugins"), root);
        String run = ok("run", "--help").out();
        assertTrue(run.startsWith("Usage: attention run"), run);
        assertTrue(run.contains("--out") && run.contains("--format"), run);
    }

    @Test
    void version_names_the_project_version() {
        String out = ok("--version").out();
        // Maven filters the version into the jar; an unfiltered "${project.version}" or "unknown" is a bug.
        assertTrue(out.lines().findFirst().orElse("").matches("attention \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), out);
    }
}
