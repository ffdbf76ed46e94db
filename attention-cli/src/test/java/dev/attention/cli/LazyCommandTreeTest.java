package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line builds only the subcommand it names (decision 63): which ones each kind of
 * argument list gets, and that every list prints and exits exactly as it does with the whole tree.
 */
class LazyCommandTreeTest {
    private static final Set<String> ALL = Set.of("run", "fit", "validate", "explain", "plugins", "stream", "search",
            "view", "help");

    /** Argument lists and the subcommands built for them. */
    static List<Object[]> built() {
        return List.of(
                new Object[] {List.of("run", "config.yaml"), Set.of("run")},
                new Object[] {List.of("-v", "fit", "config.yaml"), Set.of("fit")},
                new Object[] {List.of("--plugins", "plugins-dir", "search", "c.yaml"), Set.of("search")},
                new Object[] {List.of("--plugins", "run", "search", "c.yaml"), ALL},
                new Object[] {List.of("--plugins", "-v", "run", "c.yaml"), ALL},
                new Object[] {List.of("--plugins=plugins", "--trust-config-plugins", "view", "x"), Set.of("view")},
                new Object[] {List.of("--version"), Set.of()},
                new Object[] {List.of("-v", "-V"), Set.of()},
                new Object[] {List.of(), ALL},
                new Object[] {List.of("-v"), ALL},
                new Object[] {List.of("--help"), ALL},
                new Object[] {List.of("--version", "--help"), ALL},
                new Object[] {List.of("help", "run"), ALL},
                new Object[] {List.of("serch", "c.yaml"), ALL},
                new Object[] {List.of("-vV"), ALL},
                new Object[] {List.of("--bogus", "run"), ALL},
                new Object[] {List.of("--verbose=true", "run"), ALL},
                new Object[] {List.of("--version", "--plugins"), ALL},
                new Object[] {List.of("--", "run"), ALL},
                new Object[] {List.of("@args.txt"), ALL});
    }

    @ParameterizedTest
    @MethodSource("built")
    void builds_the_named_command_only(List<String> args, Set<String> expected) {
        CommandLine cl = AttentionCommand.commandLine(writer(), writer(), Map.of(), args.toArray(String[]::new));
        assertEquals(expected, cl.getSubcommands().keySet(), args::toString);
    }

    /** Lists that stop before any work: help, usage errors, the version. */
    static List<List<String>> printed() {
        return List.of(List.of(), List.of("--help"), List.of("-h"), List.of("--version"), List.of("-v", "--version"),
                List.of("help"), List.of("help", "run"), List.of("run", "--help"), List.of("run"),
                List.of("fit", "-h"), List.of("run", "c.yaml", "--format", "bogus"), List.of("serch"),
                List.of("--plugins"), List.of("--version", "--plugins"), List.of("-vV"), List.of("--bogus", "run"),
                List.of("--verbose=true", "run"), List.of("--", "run"), List.of("view", "--help"),
                List.of("stream", "--help"), List.of("--plugins", "run", "search", "--help"),
                List.of("--plugins", "dir", "search", "--help"), List.of("--plugins", "-v", "run", "--help"),
                List.of("--plugins", "help", "run", "--help"));
    }

    @ParameterizedTest
    @MethodSource("printed")
    void prints_and_exits_as_the_whole_tree_does(List<String> args) {
        String[] a = args.toArray(String[]::new);
        StringWriter lazyOut = new StringWriter();
        StringWriter lazyErr = new StringWriter();
        int lazy = AttentionCommand.commandLine(new PrintWriter(lazyOut), new PrintWriter(lazyErr), Map.of(), a)
                .execute(a);
        StringWriter fullOut = new StringWriter();
        StringWriter fullErr = new StringWriter();
        int full = AttentionCommand.commandLine(new PrintWriter(fullOut), new PrintWriter(fullErr), Map.of())
                .execute(a);
        assertEquals(full, lazy, args::toString);
        assertEquals(fullOut.toString(), lazyOut.toString(), args::toString);
        assertEquals(fullErr.toString(), lazyErr.toString(), args::toString);
    }

    private static PrintWriter writer() {
        return new PrintWriter(new StringWriter());
    }
}
