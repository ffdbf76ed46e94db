package dev.attention.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Launcher: {@code java -jar attention.jar <command> …}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /**
     * Runs the command line and returns its exit code: 0 success, 1 bad input (one line on
     * {@code err}), 2 usage error.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        List<String> a = Arrays.asList(args);
        // Logback reads the level when the first logger is made, so decide it before anything logs.
        if (a.contains("-v") || a.contains("--verbose")) {
            System.setProperty("attention.log.level", "DEBUG");
        }
        return AttentionCommand.commandLine(out, err).execute(args);
    }
}
