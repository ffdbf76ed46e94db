package dev.attention.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the CLI in-process through {@link Main#run} and keeps everything it printed. The JVM's own
 * {@code System.out}/{@code System.err} are captured too: the CLI must print only through the
 * writers it is given, and logging (which goes to {@code System.err}) must stay silent unless
 * verbose.
 */
final class Cli {
    private Cli() {
    }

    /** What one invocation returned and printed. */
    record Result(int code, String out, String err, String systemOut, String systemErr) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err + "--- System.out\n" + systemOut
                    + "--- System.err\n" + systemErr;
        }
    }

    /** Runs with an empty environment, so the tests do not depend on the machine's {@code ATTENTION_PLUGINS}. */
    static Result run(String... args) {
        return runWith(java.util.Map.of(), args);
    }

    /** Runs with {@code environment} as the process environment. */
    static synchronized Result runWith(java.util.Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            code = Main.run(args, System.in, new PrintWriter(out, true), new PrintWriter(err, true), environment);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(), err.toString(), sysOut.toString(StandardCharsets.UTF_8),
                sysErr.toString(StandardCharsets.UTF_8));
    }

    /** The shipped seed example; Maven runs the tests in attention-cli/, so the repo root is "..". */
    static Path seedExample(String file) {
        Path p = Path.of("..", "examples", "seed-figure-1", file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("seed example not found at " + p + " (tests must run in attention-cli/)");
        }
        return p;
    }
}
