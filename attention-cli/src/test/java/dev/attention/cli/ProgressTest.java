package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line shows only on a terminal, only for slow steps, and erases itself. */
class ProgressTest {
    private static String slowStep(boolean terminal, long millis) {
        StringWriter err = new StringWriter();
        String value = new Progress(new PrintWriter(err), terminal).step("running global / dot / softmax", () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        });
        assertEquals("done", value, "the step's value passes through");
        return err.toString();
    }

    @Test
    void a_slow_step_on_a_terminal_shows_and_then_erases_its_line() {
        String err = slowStep(true, 900);
        assertTrue(err.startsWith("\r⋯ running global / dot / softmax … "), err);
        assertTrue(err.endsWith(" \r"), "the line is blanked and the cursor returned: " + err);
    }

    @Test
    void nothing_off_a_terminal_or_for_a_quick_step() {
        assertEquals("", slowStep(false, 700));
        assertEquals("", slowStep(true, 0));
    }

    @Test
    void tests_and_pipes_have_no_console_so_the_cli_prints_no_progress() {
        // Surefire's forked JVM has no terminal, like a pipe; the CLI tests rely on a clean stderr.
        assertEquals(null, System.console());
    }
}
