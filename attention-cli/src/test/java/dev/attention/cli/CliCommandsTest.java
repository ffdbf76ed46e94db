package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;

/** The command registry: what help and the usage error list, and the shared options declared once. */
class CliCommandsTest {
    @Test
    void help_lists_every_registered_command_search_included() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code(), r::toString);
        List<String> listed = commandsSection(r.out());
        List<String> expected = new ArrayList<>(CliCommands.names());
        expected.add("help");
        assertEquals(expected, listed, r::toString);
        assertTrue(listed.contains("search"), r::toString);
        assertEquals(8, CliCommands.names().size(), () -> "run, fit, validate, explain, plugins, stream, search, view: "
                + CliCommands.names());
    }

    /** The names at the start of the lines under "Commands:" in picocli's usage help. */
    private static List<String> commandsSection(String help) {
        List<String> lines = help.lines().toList();
        int start = lines.indexOf("Commands:");
        assertTrue(start >= 0, () -> "no Commands: section in " + help);
        List<String> names = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank() || !line.startsWith("  ")) {
                break;
            }
            if (!line.startsWith("   ")) { // a continuation line of a description is indented deeper
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    @Test
    void no_command_error_names_every_registered_command() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains(
                "a command is required: run, fit, validate, explain, plugins, stream, search or view"), r::toString);
    }

    @Test
    void an_unknown_command_lists_the_known_ones_and_the_nearest() {
        Cli.Result r = Cli.run("serch", "config.yaml");
        assertEquals(2, r.code(), r::toString);
        assertEquals(List.of("attention: unknown command 'serch'; did you mean 'search'? known: explain, fit, help,"
                + " plugins, run, search, stream, validate, view"), r.errLines(), r::toString);
        Cli.Result far = Cli.run("frobnicate");
        assertEquals(List.of("attention: unknown command 'frobnicate'; known: explain, fit, help, plugins, run,"
                + " search, stream, validate, view"), far.errLines(), far::toString);
    }

    @Command(name = "twin")
    static final class Twin implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "other", aliases = "twin")
    static final class OtherTwin implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command
    static final class Nameless implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void a_name_claimed_twice_names_both_classes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CliCommands.addTo(new CommandLine(new AttentionCommand()), List.of(Twin.class, OtherTwin.class)));
        assertEquals("command 'twin' is declared by both " + Twin.class.getName() + " and "
                + OtherTwin.class.getName() + "; rename one of them", e.getMessage());
    }

    @Test
    void a_command_without_a_name_is_refused_with_the_fix() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CliCommands.addTo(new CommandLine(new AttentionCommand()), List.of(Nameless.class)));
        assertTrue(e.getMessage().startsWith(Nameless.class.getName() + " is registered as a command but has no name"),
                e.getMessage());
    }

    /** CONFIG and --out come from one mixin each, whichever command shows them. */
    @Test
    void config_and_out_are_declared_once() {
        CommandLine cl = AttentionCommand.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        int configs = 0;
        int outs = 0;
        for (String name : CliCommands.names()) {
            CommandLine.Model.CommandSpec spec = cl.getSubcommands().get(name).getCommandSpec();
            for (ArgSpec a : spec.positionalParameters()) {
                if (a.paramLabel().equals("CONFIG")) {
                    assertEquals(ConfigFile.class, declaringClass(a), name);
                    configs++;
                }
            }
            // view's --out names the page it writes, a file, not an output folder
            if (spec.findOption("--out") != null && !name.equals("view")) {
                assertEquals(OutputDir.class, declaringClass(spec.findOption("--out")), name);
                outs++;
            }
        }
        assertEquals(6, configs, "every command but plugins reads a CONFIG");
        assertEquals(4, outs, "run, fit, explain and search take --out");
    }

    private static Class<?> declaringClass(ArgSpec a) {
        return ((Field) a.userObject()).getDeclaringClass();
    }
}
