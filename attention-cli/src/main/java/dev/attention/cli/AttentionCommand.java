package dev.attention.cli;

import dev.attention.api.AttentionException;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.EngineOptions;
import dev.attention.core.JobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--plugins", paramLabel = "DIR", description = "Also load every plugin jar in DIR (default:"
            + " the folder named by the environment variable " + PLUGINS_ENV + ", if set).",
            scope = CommandLine.ScopeType.INHERIT)
    Path pluginDir;

    @Option(names = "--trust-config-plugins", description = "Let a config's 'plugins:' key load the jars of the"
            + " folder it names (their code runs). Without it such a config is refused.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean trustConfigPlugins;

    /** The environment variable naming a plugin folder of the user's, used when {@code --plugins} is not given. */
    static final String PLUGINS_ENV = "ATTENTION_PLUGINS";

    /** The process environment ({@link System#getenv()}), replaced in tests. */
    private Map<String, String> environment = Map.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> names = CliCommands.names();
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
    }

    /** The engine with the plugin folder the user chose: {@code --plugins DIR}, else {@code $ATTENTION_PLUGINS}. */
    AttentionEngine engine() {
        return engine(false);
    }

    /** Like {@link #engine()}; {@code oneShot} for a command that runs one job and ends ({@code run}, decision 46). */
    private AttentionEngine engine(boolean oneShot) {
        EngineOptions options = EngineOptions.defaults().withOneShot(oneShot);
        EngineOptions chosen = userPluginDir().map(options::withPluginDir).orElse(options);
        return EarlyEngine.take(chosen).orElseGet(() -> Attention.engine(chosen));
    }

    /**
     * The engine for a command that reads {@code config}. Code runs only from where the user said:
     * {@code --plugins DIR} wins (the config's {@code plugins:} key is then not read for code); else
     * the config's {@code plugins:} folder is loaded only with {@code --trust-config-plugins}, and
     * without it the command stops naming the jars it would load; else {@code $ATTENTION_PLUGINS}.
     */
    AttentionEngine engine(Path config, boolean oneShot) {
        if (pluginDir != null) {
            return engine(oneShot);
        }
        Optional<Path> fromConfig = JobFiles.pluginDir(config);
        if (fromConfig.isEmpty()) {
            return engine(oneShot);
        }
        if (!trustConfigPlugins) {
            throw new AttentionException(untrusted(config, fromConfig.get()));
        }
        return Attention.engine(EngineOptions.defaults().withPluginDir(fromConfig.get()).withOneShot(oneShot));
    }

    /** The one line refusing a config's plugin folder: the jars it would load and the flag that allows it. */
    static String untrusted(Path config, Path folder) {
        List<String> jars = JobFiles.pluginJars(folder);
        String what = jars.isEmpty() ? "(no jars there now)" : String.join(", ", jars);
        return config + ": 'plugins:' would load code from " + folder + ": " + what + "; a config runs no code"
                + " unless you say so: add --trust-config-plugins if you trust it, or pass the folder with --plugins DIR";
    }

    /** {@code --plugins DIR}, else the folder {@code $ATTENTION_PLUGINS} names (which must exist). */
    private Optional<Path> userPluginDir() {
        if (pluginDir != null) {
            return Optional.of(pluginDir);
        }
        String env = environment.get(PLUGINS_ENV);
        if (env == null || env.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(env);
        if (!Files.isDirectory(dir)) {
            throw new AttentionException("environment variable " + PLUGINS_ENV + " names " + dir + ", which is not a"
                    + " folder; set it to the folder that holds your plugin jars, or unset it");
        }
        return Optional.of(dir);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, System.getenv());
    }

    /** The command line reading plugin settings from {@code environment} (see {@link #PLUGINS_ENV}). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        return commandLine(out, err, environment, new String[0], false);
    }

    /**
     * The command line for executing {@code line}: with only the subcommand they name (see
     * {@link CliCommands#needed}), which behaves as the full tree does for those arguments.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment, String[] line) {
        return commandLine(out, err, environment, line, true);
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment,
            String[] line, boolean lazy) {
        AttentionCommand root = new AttentionCommand();
        root.environment = Map.copyOf(environment);
        // Subcommands first: the writers and handlers set below reach only the subcommands already added.
        CommandLine cl = CliCommands.addTo(new CommandLine(root), CliCommands.ALL, line, lazy);
        cl.setOut(out);
        cl.setErr(err);
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        // Anonymous classes, not lambdas, for picocli's interfaces: dumping the class-data archive
        // links the interface of every archived lambda, and picocli's Java 5 classes, once linked,
        // cannot be archived (decision 63).
        cl.setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
            @Override
            public int handleParseException(CommandLine.ParameterException e, String[] args) throws Exception {
                // A word the root cannot match is a command name: one line with the known ones beats
                // picocli's "Unmatched arguments from index 0".
                if (e instanceof CommandLine.UnmatchedArgumentException u && u.getCommandLine() == cl
                        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                    err.println("attention: " + CliCommands.unknown(u.getUnmatched().get(0)));
                    err.flush();
                    return cl.getCommandSpec().exitCodeOnInvalidInput();
                }
                return usage.handleParseException(e, args);
            }
        });
        cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception e, CommandLine commandLine,
                    CommandLine.ParseResult parseResult) {
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
            }
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
