package dev.attention.io.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a child JVM ({@link CommitLoop}) at random instants while it commits sets into
 * one folder, and after each kill the folder holds one whole set: every file of the same set, the
 * set's files and no others, the manifest matching. The count is {@code -Dattention.kills} (15 by
 * default; {@code tools/kill-commits.sh} runs hundreds).
 */
class KilledCommitTest {
    @TempDir
    Path tmp;

    @Test
    void a_kill_at_any_instant_leaves_one_whole_set() throws Exception {
        int kills = Integer.getInteger("attention.kills", 15);
        long seed = Long.getLong("attention.kills.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = tmp.resolve("out");
        long next = 0;
        for (int k = 0; k < kills; k++) {
            Process child = start(dir, next);
            try {
                waitForANewSet(child, dir, next);
                Thread.sleep(random.nextInt(150));
            } finally {
                child.destroyForcibly(); // SIGKILL on Unix: no hook, no finally
                child.waitFor();
            }
            String where = "kill " + k + " (seed " + seed + ")";
            SetCheck.Verdict verdict = SetCheck.check(dir);
            assertTrue(verdict.whole(), where + ": " + verdict.message());
            Map<String, Long> sets = setOfEachFile(dir);
            long set = sets.get("output.csv");
            assertEquals(set % 2 == 0 ? Map.of("output.csv", set, "weights.csv", set) : Map.of("output.csv", set), sets,
                    where + ": every file of one set, and only that set's files");
            next = set + 1;
        }
    }

    /** Waits (without a time limit on the assertion) until the child has committed at least set {@code first}. */
    private static void waitForANewSet(Process child, Path dir, long first) throws Exception {
        while (true) {
            if (!child.isAlive()) {
                throw new AssertionError("the child JVM ended by itself with exit code " + child.exitValue()
                        + ": " + new String(child.getInputStream().readAllBytes()));
            }
            if (Files.isSymbolicLink(dir)) {
                try {
                    if (setOfEachFile(dir).getOrDefault("output.csv", -1L) >= first) {
                        return;
                    }
                } catch (IOException switchedWhileReading) {
                    // the old generation was removed under us: look again
                }
            }
            Thread.sleep(10);
        }
    }

    private static Process start(Path dir, long first) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", cp, CommitLoop.class.getName(), dir.toString(), Long.toString(first)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** The set number on the first line of each file (manifest aside). */
    private static Map<String, Long> setOfEachFile(Path dir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals(SetManifest.NAME)) {
                    try (var r = Files.newBufferedReader(p)) {
                        String first = r.readLine();
                        out.put(name, first == null ? -1 : Long.parseLong(first.substring("set ".length())));
                    }
                }
            }
        }
        return out;
    }
}
