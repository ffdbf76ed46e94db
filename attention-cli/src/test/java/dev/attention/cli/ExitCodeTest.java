package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors exit 2 (distinct from bad input, 1), and --verbose adds the stack trace to a bad
 * input error without changing its exit code.
 */
class ExitCodeTest {
    @TempDir
    Path dir;

    private static void usageError(Cli.Result r, String mentions) {
        assertEquals(2, r.code(), r::toString);
        assertEquals("", r.out(), () -> "usage errors go to stderr: " + r);
        assertTrue(r.err().contains(mentions), r::toString);
        assertFalse(r.err().contains("\tat "), () -> "no stack trace: " + r);
    }

    @Test
    void no_command_is_a_usage_error() {
        Cli.Result r = Cli.run();
        usageError(r, "a command is required");
        assertTrue(r.err().contains("Usage: attention"), () -> "the commands are shown: " + r);
    }

    @Test
    void unknown_command_is_a_usage_error() {
        usageError(Cli.run("frobnicate"), "frobnicate");
    }

    @Test
    void unknown_option_is_a_usage_error() {
        usageError(Cli.run("run", "--bogus", "x.yaml"), "--bogus");
    }

    @Test
    void missing_config_argument_is_a_usage_error() {
        usageError(Cli.run("run"), "CONFIG");
        usageError(Cli.run("validate"), "CONFIG");
    }

    @Test
    void unknown_format_is_a_usage_error() {
        usageError(Cli.run("run", Cli.seedExample("config.yaml").toString(), "--out", dir.toString(),
                "--format", "xml"), "xml");
    }

    @Test
    void verbose_shows_the_stack_trace_and_still_exits_1() throws IOException {
        Path c = Files.writeString(dir.resolve("bad.yaml"), "pipeline: {alignment: scaled-dott}\n");
        for (List<String> args : List.of(List.of("--verbose", "run", c.toString()),
                List.of("run", "-v", c.toString()))) {
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().contains("\tat "), () -> "stack trace: " + r);
            List<String> lines = r.errLines();
            assertTrue(lines.get(lines.size() - 1).startsWith("attention: "), () -> "message last: " + r);
            assertTrue(r.err().contains("'scaled-dot'"), r::toString);
        }
    }

    @Test
    void verbose_logs_to_stderr_and_a_later_quiet_run_does_not() throws IOException {
        // Main.run may be called more than once in a JVM (embedders, these tests): the log level
        // must follow each call's flag, not the first one's.
        String config = Cli.seedExample("config.yaml").toString();
        Cli.Result loud = Cli.run("-v", "validate", config);
        assertEquals(0, loud.code(), loud::toString);
        assertTrue(loud.systemErr().contains("DEBUG"), () -> "verbose logs: " + loud);
        assertEquals("", loud.err(), loud::toString);

        Cli.Result quiet = Cli.run("validate", config);
        assertEquals(0, quiet.code(), quiet::toString);
        assertEquals("", quiet.systemErr(), () -> "quiet run logs nothing: " + quiet);
        assertEquals("", quiet.err(), quiet::toString);
    }
}
