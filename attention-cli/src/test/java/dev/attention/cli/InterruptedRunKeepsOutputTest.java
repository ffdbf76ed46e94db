package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped by SIGTERM or SIGINT while it writes leaves no temporary file and the earlier
 * output intact. The CLI runs in its own JVM (a signal would stop this one), on an input whose
 * weights file takes seconds to write, and is signalled as soon as that file's temporary appears.
 */
class InterruptedRunKeepsOutputTest {
    /** 1500 queries × 1500 keys: a weights file of tens of megabytes. */
    private static final int ROWS = 1500;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void a_signal_while_writing_leaves_the_earlier_output_and_no_temporaries(String signal) throws Exception {
        // A shell starts background jobs with SIGINT ignored, children inherit that, and the JVM then
        // installs no handler: the signal cannot stop the child, which says nothing about our writes.
        assumeTrue(!ignored(signal), "SIG" + signal + " is ignored in this environment (a background job)");
        Path out = dir.resolve("out");
        Files.writeString(dir.resolve("small.csv"), "x,y\n1,2\n2,4\n");
        Cli.Result first = Cli.run("run", config("small.yaml", "small.csv").toString(), "--out", out.toString());
        assertEquals(0, first.code(), first::toString);
        byte[] output = Files.readAllBytes(out.resolve("output.csv"));
        byte[] weights = Files.readAllBytes(out.resolve("weights.csv"));

        bigData(dir.resolve("big.csv"));
        // Each written row pauses 2 ms in the child, so the signal always lands mid-write: without it
        // a fast machine may finish before the signal and the test would prove nothing.
        List<String> command = javaCommand("run", config("big.yaml", "big.csv").toString(), "--out", out.toString());
        command.add(1, "-Dattention.io.rowDelayMillis=2");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile())
                .start();
        try {
            assertTrue(awaitNewGeneration(out, "weights.csv", p), "the run got to writing weights.csv: " + log());
            signal(p, signal);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped after SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        // 128 + signal number: the JVM was stopped, not finished (a finished run would prove nothing).
        assertNotEquals(0, p.exitValue(), () -> "the run was interrupted, not completed: " + log());

        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(".attention-manifest", "output.csv", "weights.csv"),
                    s.map(f -> f.getFileName().toString()).sorted().toList(), "the earlier set, nothing else");
        }
        try (Stream<Path> s = Files.list(generations(out))) {
            assertEquals(List.of(".lock", Files.readSymbolicLink(out).getFileName().toString()),
                    s.map(f -> f.getFileName().toString()).sorted().toList(), "the unfinished generation was removed");
        }
        assertArrayEquals(output, Files.readAllBytes(out.resolve("output.csv")));
        assertArrayEquals(weights, Files.readAllBytes(out.resolve("weights.csv")));
    }

    private Path config(String name, String data) throws IOException {
        return Files.writeString(dir.resolve(name), "name: t\n"
                + "pipeline: {variant: global, alignment: dot, distribution: softmax}\n"
                + "inputs:\n"
                + "  keys:    {file: " + data + ", columns: [x]}\n"
                + "  values:  {file: " + data + ", columns: [y]}\n"
                + "  queries: {file: " + data + ", columns: [x]}\n");
    }

    private static void bigData(Path file) throws IOException {
        Random r = new Random(1);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("x,y\n");
            for (int i = 0; i < ROWS; i++) {
                w.write(String.format(Locale.ROOT, "%.6f,%.6f%n", r.nextDouble(), r.nextDouble()));
            }
        }
    }

    /** The generations beside output folder {@code out}: {@code .out.gen}. */
    private static Path generations(Path out) {
        return out.resolveSibling("." + out.getFileName() + ".gen");
    }

    /** Polls until a generation other than the one {@code out} links to holds {@code file}, or the process ends first. */
    private static boolean awaitNewGeneration(Path out, String file, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path current = Files.readSymbolicLink(out).getFileName();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Stream<Path> s = Files.list(generations(out))) {
                if (s.anyMatch(g -> !g.getFileName().equals(current) && Files.exists(g.resolve(file)))) {
                    return true;
                }
            }
            Thread.sleep(2);
        }
        return false;
    }

    /** Whether this JVM (and so its children) has {@code signal} ignored, from Linux's /proc. */
    private static boolean ignored(String signal) {
        int number = signal.equals("INT") ? 2 : signal.equals("TERM") ? 15 : 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return number > 0 && (mask & (1L << (number - 1))) != 0;
                }
            }
        } catch (IOException | NumberFormatException notLinux) {
            return false;
        }
        return false;
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        if (signal.equals("TERM")) {
            p.destroy(); // SIGTERM on Unix
            return;
        }
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        } catch (IOException noKill) {
            assumeTrue(false, "no kill command to send SIG" + signal);
            return;
        }
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("log.txt"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** This JVM's java with the test class path, which holds the CLI and every plugin. */
    static List<String> javaCommand(String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", cp, "dev.attention.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
