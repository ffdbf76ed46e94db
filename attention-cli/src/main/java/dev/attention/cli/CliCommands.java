package dev.attention.cli;

import dev.attention.api.UnknownName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        return addTo(root, commands, new String[0], false);
    }

    /**
     * Adds to {@code root} what the command line {@code args} needs ({@link #needed}): only the
     * command it names, nothing for a bare version request, or (when {@code lazy} is false or the
     * line asks for help, names no command or an unknown one) all of {@code commands} and picocli's
     * {@code help}. Picocli builds each command's model by reflection when it is added; a run
     * needs one of them (decision 63). Names are checked over all of {@code commands} either way.
     *
     * @throws IllegalStateException as {@link #addTo(CommandLine, List)}
     */
    static CommandLine addTo(CommandLine root, List<? extends Class<?>> commands, String[] args, boolean lazy) {
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
        }
        Optional<List<Class<?>>> only = lazy ? needed(root.getCommandSpec(), claimed, args) : Optional.empty();
        // Loops, not root::addSubcommand: a method reference to picocli's Java 5 class would keep it
        // out of the class-data archive (see AttentionCommand#commandLine).
        for (Class<?> c : only.orElse(List.copyOf(commands))) {
            root.addSubcommand(c);
        }
        if (only.isEmpty()) {
            root.addSubcommand(CommandLine.HelpCommand.class);
        }
        return root;
    }

    /**
     * The commands {@code args} needs when that is fewer than all: the one its first word names
     * (after the root's own options), or none when it only asks for the version. Empty means all:
     * no command word, {@code help}, a word no command claims, {@code --}, an {@code @file}, an
     * option the root does not know (a cluster such as {@code -vV}), a missing option value or one
     * picocli would refuse (a command's name, a word starting with {@code -}) —
     * every case whose output (usage, "unknown command", picocli's own errors) lists the commands.
     */
    static Optional<List<Class<?>>> needed(CommandLine.Model.CommandSpec root, Map<String, Class<?>> claimed,
            String[] args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                Class<?> command = claimed.get(arg);
                return command == null ? Optional.empty() : Optional.of(List.of(command));
            }
            int eq = arg.indexOf('=');
            CommandLine.Model.OptionSpec option = root.findOption(eq < 0 ? arg : arg.substring(0, eq));
            if (option == null || option.usageHelp() || (eq >= 0 && option.arity().max() == 0)) {
                return Optional.empty();
            }
            version |= option.versionHelp();
            CommandLine.Range arity = option.arity();
            if (arity.max() > 0 && eq < 0) {
                if (arity.min() != arity.max() || arity.max() != 1 || i + 1 >= args.length
                        || !isValue(args[i + 1], claimed)) {
                    return Optional.empty();
                }
                i++;
            }
        }
        return version ? Optional.of(List.of()) : Optional.empty();
    }

    /** Whether picocli takes {@code arg} as an option's value: not when it names a command or looks like an option. */
    private static boolean isValue(String arg, Map<String, Class<?>> claimed) {
        return !arg.startsWith("-") && !claimed.containsKey(arg) && !arg.equals("help");
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
