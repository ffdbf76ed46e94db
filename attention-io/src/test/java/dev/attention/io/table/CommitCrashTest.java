package dev.attention.io.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a commit after each of its file-system steps in turn, as a crash would (no cleanup), and
 * checks that the output folder then holds the whole old set or the whole new one, and that the
 * next commit still succeeds and tidies up.
 */
class CommitCrashTest {
    @TempDir
    Path tmp;

    /** The old set: output and weights. */
    private static final AttentionResult OLD = AttentionResult.of(
            Tensor.matrix(DType.FLOAT64, new double[] {5.7}, new double[] {0.1}),
            Tensor.matrix(DType.FLOAT64, new double[] {0.25, 0.75}, new double[] {1, 0}));
    /** The new set: another output and no weights, so a stale weights.csv would show. */
    private static final AttentionResult NEW = AttentionResult.of(
            Tensor.matrix(DType.FLOAT64, new double[] {-1.5}, new double[] {2.5}),
            Tensor.matrix(DType.FLOAT64, new double[] {0.5, 0.5}, new double[] {0, 1}));

    private static final Map<String, String> OLD_FILES = Map.of(
            "output.csv", "query,output_0\n0,5.7\n1,0.1\n",
            "weights.csv", "query,key_0,key_1\n0,0.25,0.75\n1,1.0,0.0\n");
    private static final Map<String, String> NEW_FILES = Map.of("output.csv", "query,output_0\n0,-1.5\n1,2.5\n");

    /** One way of writing the new set. */
    private interface Writer {
        void write(Path dir) throws IOException;
    }

    private static void writeOld(Path dir) {
        new ResultWriter().write("demo", OLD, List.of("output", "weights"), Map.of(), dir, "csv");
    }

    private static void writeNewWhole(Path dir) {
        new ResultWriter().write("demo", NEW, List.of("output"), Map.of(), dir, "csv");
    }

    private static void writeNewInChunks(Path dir) {
        new ResultWriter().writeInChunks(List.of("output"), Map.of(), dir, sink -> {
            sink.append("output", RowSource.of(Tensor.matrix(DType.FLOAT64, new double[] {-1.5})));
            sink.append("output", RowSource.of(Tensor.matrix(DType.FLOAT64, new double[] {2.5})));
        });
    }

    @Test
    void a_crash_after_any_step_of_write_leaves_the_old_or_the_new_set() throws Exception {
        crashAtEveryStep(CommitCrashTest::writeNewWhole, false);
    }

    @Test
    void a_crash_after_any_step_of_write_in_chunks_leaves_the_old_or_the_new_set() throws Exception {
        crashAtEveryStep(CommitCrashTest::writeNewInChunks, false);
    }

    @Test
    void a_crash_after_any_step_of_migrating_an_earlier_versions_folder_loses_nothing() throws Exception {
        crashAtEveryStep(CommitCrashTest::writeNewWhole, true);
    }

    private void crashAtEveryStep(Writer writeNew, boolean legacy) throws Exception {
        List<String> steps = new ArrayList<>();
        Path probe = prepare("probe", legacy);
        CommitSteps.during(steps::add, () -> {
            writeNew.write(probe);
            return null;
        });
        assertTrue(steps.size() >= (legacy ? 9 : 6), "the commit's steps: " + steps);
        int sawOld = 0;
        int sawNew = 0;
        for (int k = 0; k < steps.size(); k++) {
            Path dir = prepare("k" + k, legacy);
            int stopAt = k;
            int[] seen = {0};
            try {
                CommitSteps.during(step -> {
                    if (seen[0]++ == stopAt) {
                        throw new CommitSteps.Crash(step);
                    }
                }, () -> {
                    writeNew.write(dir);
                    return null;
                });
                fail("no crash at step " + k + " (" + steps.get(k) + ")");
            } catch (CommitSteps.Crash expected) {
                // the process "died" here
            }
            String where = "after step " + k + " (" + steps.get(k) + ") of " + steps;
            Map<String, String> survived = Files.exists(dir) ? files(dir) : Map.of();
            if (survived.equals(NEW_FILES)) {
                assertTrue(SetCheck.check(dir).whole(), where + ": " + SetCheck.check(dir).message());
                sawNew++;
            } else if (survived.equals(OLD_FILES)) {
                // A plain folder of an earlier version has no manifest until it is migrated.
                assertTrue(legacy || SetCheck.check(dir).whole(), where + ": " + SetCheck.check(dir).message());
                sawOld++;
            } else if (legacy && !Files.exists(dir)) {
                // Only while a plain folder is being turned into a link: the old set is whole beside it.
                String message = SetCheck.check(dir).message();
                assertTrue(message.contains("a commit was interrupted"), where + ": " + message);
                sawOld++;
            } else {
                fail(where + ": a mixed or partial set survived: " + survived.keySet() + " " + survived);
            }
            // The next run recovers: the new set, whole, and nothing else left beside it.
            writeNew.write(dir);
            assertEquals(NEW_FILES, files(dir), where);
            assertTrue(SetCheck.check(dir).whole(), where);
            assertEquals(List.of(".lock", Files.readSymbolicLink(dir).getFileName().toString()),
                    names(Generations.folderOf(dir)), where + ": old generations are removed");
            assertEquals(List.of("." + dir.getFileName() + ".gen", dir.getFileName().toString()), names(dir.getParent()),
                    where + ": no temporary link is left");
        }
        assertTrue(sawOld > 0 && sawNew > 0, "crashes before and after the switch: old " + sawOld + ", new " + sawNew);
    }

    @Test
    void every_file_and_both_folders_are_on_the_disk_before_the_link_switches() throws Exception {
        Path dir = tmp.resolve("out");
        writeOld(dir);
        List<String> steps = new ArrayList<>();
        CommitSteps.during(steps::add, () -> new ResultWriter().write("demo", OLD, List.of("output", "weights"),
                Map.of(), dir, "csv"));
        int switched = steps.indexOf("switch link");
        // A file is forced when it is closed, i.e. before its "write" step; the folders have steps of their own.
        for (String before : List.of("write output.csv", "write weights.csv", "write manifest", "sync generation",
                "sync generations folder")) {
            int at = steps.indexOf(before);
            assertTrue(at >= 0 && at < switched, before + " before the switch: " + steps);
        }
        assertTrue(steps.indexOf("sync generation") > steps.indexOf("write manifest"), steps.toString());
        assertTrue(steps.indexOf("sync output's parent folder") > switched, steps.toString());
    }

    /** A fresh folder {@code name/out} holding the old set, committed or (legacy) plain. */
    private Path prepare(String name, boolean legacy) throws IOException {
        Path dir = tmp.resolve(name).resolve("out");
        if (legacy) {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : OLD_FILES.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue());
            }
            Files.writeString(dir.resolve(".output.csv.12345.tmp"), "a temporary an earlier version left");
        } else {
            writeOld(dir);
        }
        return dir;
    }

    @Test
    void a_rerun_without_weights_leaves_no_stale_weights() throws IOException {
        Path dir = tmp.resolve("out");
        writeOld(dir);
        writeNewWhole(dir);
        assertEquals(NEW_FILES, files(dir));
    }

    @Test
    void a_users_own_folder_is_refused_and_left_as_it_was() throws IOException {
        Path dir = tmp.resolve("mine");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("output.csv"), "mine too");
        AttentionException e = assertThrows(AttentionException.class, () -> writeNewWhole(dir));
        assertTrue(e.getMessage().contains(dir + " is a folder holding files attention did not write (notes.txt)"),
                e.getMessage());
        assertEquals(Map.of("notes.txt", "mine", "output.csv", "mine too"), files(dir));
        assertFalse(Files.isSymbolicLink(dir));
    }

    @Test
    void an_ordinary_failure_removes_the_unfinished_generation_and_keeps_the_old_set() throws IOException {
        Path dir = tmp.resolve("out");
        writeOld(dir);
        assertThrows(AttentionException.class, () -> new ResultWriter().writeInChunks(List.of("output"), Map.of(), dir,
                sink -> {
                    throw new IOException("disk full");
                }));
        assertEquals(OLD_FILES, files(dir));
        assertEquals(2, names(Generations.folderOf(dir)).size(), "the lock and the old generation");
    }

    @Test
    void the_check_tells_a_whole_set_from_a_mixed_or_incomplete_one() throws IOException {
        Path dir = tmp.resolve("out");
        writeOld(dir);
        assertEquals(new SetCheck.Verdict(true, "whole set in " + dir + ": output.csv, weights.csv"), SetCheck.check(dir));

        Files.writeString(dir.resolve("weights.csv"), "query,key_0,key_1\n0,0.5,0.5\n1,1.0,0.0\n");
        SetCheck.Verdict mixed = SetCheck.check(dir);
        assertFalse(mixed.whole());
        assertTrue(mixed.message().contains("weights.csv is not the file the manifest lists"), mixed.message());

        writeOld(dir);
        Files.writeString(dir.resolve("stale.csv"), "x");
        assertTrue(SetCheck.check(dir).message().contains("stale.csv is not part of the set"), SetCheck.check(dir).message());

        writeOld(dir);
        Files.delete(dir.resolve("output.csv"));
        assertTrue(SetCheck.check(dir).message().contains("output.csv is missing"), SetCheck.check(dir).message());

        writeOld(dir);
        Files.delete(dir.resolve(SetManifest.NAME));
        assertTrue(SetCheck.check(dir).message().contains("has no manifest"), SetCheck.check(dir).message());
    }

    /** The files a reader of {@code dir} sees, manifest aside. */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals(SetManifest.NAME) && !(name.startsWith(".") && name.endsWith(".tmp"))) {
                    out.put(name, Files.readString(p));
                }
            }
        }
        return out;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
