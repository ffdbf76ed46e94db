package dev.attention.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Launcher: {@code java -jar attention.jar <command> …}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        quickLogging();
        quickGuice();
        List<String> a = Arrays.asList(args);
        logLevel(a.contains("-v") || a.contains("--verbose"));
        EarlyEngine.startFor(args, System.getenv());
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /**
     * Runs the command line and returns its exit code: 0 success, 1 bad input (one line on
     * {@code err}), 2 usage error.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.in, out, err);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with {@code in} as standard input ({@code stream}). */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        return run(args, in, out, err, System.getenv());
    }

    /** As above, with {@code environment} in place of the process's (it may name a plugin folder). */
    static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        // Heatmaps are drawn in memory; a command line never needs a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<String> a = Arrays.asList(args);
        logLevel(a.contains("-v") || a.contains("--verbose"));
        picocli.CommandLine cl = AttentionCommand.commandLine(out, err, environment, args);
        picocli.CommandLine stream = cl.getSubcommands().get("stream");
        if (stream != null) {
            ((StreamCommand) stream.getCommand()).input = in;
        }
        return cl.execute(args);
    }

    /**
     * SLF4J bound to {@link LogProvider} by name, unless the user set a binding or a Logback
     * configuration file: no service look-up, Logback configured in code (decision 63). SLF4J
     * reports an explicitly named binding at INFO on stderr; its own messages are cut to WARN then.
     */
    private static void quickLogging() {
        if (System.getProperty("logback.configurationFile") == null && System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", LogProvider.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    /**
     * Guice settings for a process that builds one injector and ends (decision 63), unless the
     * user set them: no bytecode generation (Guice would otherwise generate and define a class per
     * constructor it calls, through its own copy of ASM) and no stack trace per binding (Guice
     * records where each binding was declared, for its error reports; ours name the config instead).
     * Set here, not in the engine: they are the process's, read once when Guice's classes load.
     */
    private static void quickGuice() {
        for (String[] p : new String[][] {{"guice_bytecode_gen_option", "DISABLED"}, {"guice_include_stack_traces", "OFF"}}) {
            if (System.getProperty(p[0]) == null) {
                System.setProperty(p[0], p[1]);
            }
        }
    }

    /**
     * Sets the root level for this call, before anything logs. Logback reads its configuration once
     * per JVM, so a level chosen through a system property stuck to the first call: a later
     * {@code --verbose} call logged nothing and, after a verbose call, quiet calls logged DEBUG.
     * {@code -Dattention.log.level} still sets the quiet level.
     */
    private static void logLevel(boolean verbose) {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof Logger) {
            ((Logger) root).setLevel(verbose ? Level.DEBUG
                    : Level.toLevel(System.getProperty("attention.log.level"), Level.WARN));
        }
    }
}
