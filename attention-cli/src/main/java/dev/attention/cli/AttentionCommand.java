package dev.attention.cli;

import dev.attention.api.AttentionException;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.EngineOptions;
import dev.attention.core.JobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code attention} command: global options; the subcommands are {@link CliCommands#ALL}. */
@Command(name = "attention", mixinStandardHelpOptions = true, versionProvider = AttentionCommand.Version.class,
        description = "Attention models as pipelines: y = Σ_i f(a(K_i, Q)) · V_i.%n"
                + "Exit codes: 0 ok, 1 bad input, 2 usage.")
final class AttentionCommand implements Runnable {
    @Option(names = {"-v", "--verbose"}, description = "Log to stderr and show stack traces of errors.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Also load every plugin jar in DIR.",
            scope = CommandLine.ScopeType.INHERIT)
    Path pluginDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> names = CliCommands.names();
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
    }

    AttentionEngine engine() {
        EngineOptions options = EngineOptions.defaults();
        return Attention.engine(Optional.ofNullable(pluginDir).map(options::withPluginDir).orElse(options));
    }

    /**
     * The engine for a command that reads {@code config}: its {@code plugins:} folder is loaded too,
     * unless {@code --plugins} names one (the command line wins).
     */
    AttentionEngine engine(Path config) {
        if (pluginDir != null) {
            return engine();
        }
        EngineOptions options = EngineOptions.defaults();
        return Attention.engine(JobFiles.pluginDir(config).map(options::withPluginDir).orElse(options));
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        AttentionCommand root = new AttentionCommand();
        // Subcommands first: the writers and handlers set below reach only the subcommands already added.
        CommandLine cl = CliCommands.addTo(new CommandLine(root), CliCommands.ALL);
        cl.setOut(out);
        cl.setErr(err);
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((e, args) -> {
            // A word the root cannot match is a command name: one line with the known ones beats
            // picocli's "Unmatched arguments from index 0".
            if (e instanceof CommandLine.UnmatchedArgumentException u && u.getCommandLine() == cl
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                err.println("attention: " + CliCommands.unknown(u.getUnmatched().get(0)));
                err.flush();
                return cl.getCommandSpec().exitCodeOnInvalidInput();
            }
            return usage.handleParseException(e, args);
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (root.verbose) {
                e.printStackTrace(err);
            }
            if (e instanceof AttentionException) {
                err.println("attention: " + e.getMessage());
            } else {
                err.println(internalError(e));
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    /**
     * The one stderr line for an unexpected exception: its root cause's first line. Some messages
     * span many lines (Guice reports, for one), which would break the one-line contract.
     */
    static String internalError(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = root.toString().lines().findFirst().orElse("").strip();
        return "attention: internal error: " + first + " (run with --verbose for the stack trace)";
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = AttentionCommand.class.getResourceAsStream("/attention-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"attention " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
