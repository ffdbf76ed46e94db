package dev.attention.cli;

import dev.attention.api.UnknownName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The subcommands of {@code attention}, in the order its help lists them. A new command is its
 * class and one line in {@link #ALL}: the root command's subcommands, its help and its "a command
 * is required" message are all derived from this list, so none of them can miss a command.
 */
final class CliCommands {
    static final List<Class<? extends Callable<Integer>>> ALL = List.of(
            RunCommand.class,
            FitCommand.class,
            ValidateCommand.class,
            ExplainCommand.class,
            PluginsCommand.class,
            StreamCommand.class,
            SearchCommand.class,
            ViewCommand.class);

    private CliCommands() {
    }

    /** The names of {@link #ALL}, in order (without picocli's {@code help}). */
    static List<String> names() {
        return ALL.stream().map(CliCommands::name).toList();
    }

    /**
     * The usage error for a command name nobody registered, in the words of every unknown name
     * ({@link UnknownName}): "unknown command 'serch'; did you mean 'search'? known: explain, …".
     */
    static String unknown(String given) {
        return UnknownName.message("command", given, Stream.concat(names().stream(), Stream.of("help")).toList());
    }

    /**
     * Adds {@code commands} to {@code root} in order, then picocli's {@code help} command.
     *
     * @throws IllegalStateException when two classes claim one name (or alias), naming both, or a
     *     class has no {@code @Command(name = …)}
     */
    static CommandLine addTo(CommandLine root, List<? extends Class<?>> commands) {
        Map<String, Class<?>> claimed = new LinkedHashMap<>();
        for (Class<?> c : commands) {
            Command a = c.getAnnotation(Command.class);
            for (String n : Stream.concat(Stream.of(name(c)), Stream.of(a.aliases())).toList()) {
                Class<?> other = claimed.putIfAbsent(n, c);
                if (other != null) {
                    throw new IllegalStateException("command '" + n + "' is declared by both " + other.getName()
                            + " and " + c.getName() + "; rename one of them");
                }
            }
            root.addSubcommand(c);
        }
        root.addSubcommand(CommandLine.HelpCommand.class);
        return root;
    }

    /** The command's {@code @Command(name = …)}. */
    static String name(Class<?> command) {
        Command a = command.getAnnotation(Command.class);
        if (a == null || a.name().equals(CommandLine.Model.CommandSpec.DEFAULT_COMMAND_NAME)) {
            throw new IllegalStateException(command.getName()
                    + " is registered as a command but has no name; annotate it @Command(name = \"…\")");
        }
        return a.name();
    }
}
