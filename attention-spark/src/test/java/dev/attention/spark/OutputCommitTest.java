package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commit of a Spark output, without Spark: a body that writes part files the way a Spark job
 * does, through Hadoop's local file systems, with symbolic links (as on {@code file:}) and without
 * (the roll-forward commit HDFS and object stores get). A crash is an Error thrown after a step.
 */
class OutputCommitTest {
    /** The file systems and switches under test. */
    enum Mode {
        LINKS, CHECKSUMMED_NO_LINKS, RAW_NO_LINKS, COPYING_RENAME;

        boolean links() {
            return this == LINKS;
        }

        FileSystem fileSystem() throws IOException {
            Configuration conf = new Configuration();
            if (this == RAW_NO_LINKS || this == COPYING_RENAME) {
                RawLocalFileSystem raw = this == COPYING_RENAME ? new CopyingRename() : new RawLocalFileSystem();
                raw.initialize(URI.create("file:///"), conf);
                return raw;
            }
            return FileSystem.getLocal(conf);
        }
    }

    /**
     * Rename as an object store does it (S3A): every file copied, then the sources deleted, each a
     * step a crash may follow; nothing of it is atomic.
     */
    static final class CopyingRename extends RawLocalFileSystem {
        OutputCommit.Steps steps = OutputCommit.Steps.NONE;

        @Override
        public boolean rename(Path src, Path dst) throws IOException {
            if (exists(dst) || !exists(src)) {
                return false;
            }
            if (!getFileStatus(src).isDirectory()) {
                FileUtil.copy(this, src, this, dst, false, getConf());
                steps.after("copy " + src.getName());
                delete(src, false);
                steps.after("delete source " + src.getName());
                return true;
            }
            mkdirs(dst);
            List<OutputManifest.Entry> files = new ArrayList<>();
            for (FileStatus f : listStatus(src)) {
                files.add(new OutputManifest.Entry(f.getPath().getName(), f.getLen()));
            }
            files.sort((a, b) -> a.name().compareTo(b.name()));
            for (OutputManifest.Entry f : files) {
                FileUtil.copy(this, new Path(src, f.name()), this, new Path(dst, f.name()), false, getConf());
                steps.after("copy " + f.name());
            }
            for (OutputManifest.Entry f : files) {
                delete(new Path(src, f.name()), true);
                steps.after("delete source " + f.name());
            }
            delete(src, true);
            return true;
        }
    }

    /** What an existing OUTPUT is before the crashed commit. */
    enum Before { NOTHING, COMMITTED, EARLIER_VERSION }

    /** The process dying after a step: no cleanup runs. */
    static final class Killed extends Error {
        Killed(String step) {
            super("killed after " + step, null, false, false);
        }
    }

    /** Records every step and kills the commit after step number {@code at} (never when negative). */
    static final class Killer implements OutputCommit.Steps {
        final int at;
        final List<String> seen = new ArrayList<>();

        Killer(int at) {
            this.at = at;
        }

        @Override
        public void after(String step) {
            seen.add(step);
            if (seen.size() - 1 == at) {
                throw new Killed(step);
            }
        }
    }

    @TempDir
    java.nio.file.Path dir;

    /** A body writing {@code parts} part files and _SUCCESS, as a Spark job does; tells {@code steps} of each. */
    static OutputCommit.Body sparkLike(FileSystem fs, String tag, int parts, OutputCommit.Steps steps) {
        return gen -> {
            for (int i = 0; i < parts; i++) {
                write(fs, new Path(gen, "part-0000" + i + "-" + tag + "-c000.csv"), "x\n" + tag + "," + i + "\n".repeat(i + 1));
                steps.after("job writes part " + i);
            }
            write(fs, new Path(gen, "_SUCCESS"), "");
        };
    }

    static void write(FileSystem fs, Path p, String text) throws IOException {
        try (OutputStream o = fs.create(p, false)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a reader of OUTPUT sees (through the link): data files and their text; null when there is none. */
    static Map<String, String> view(java.nio.file.Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return null;
        }
        Map<String, String> m = new TreeMap<>();
        try (Stream<java.nio.file.Path> s = Files.list(out)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && !n.startsWith("_")) {
                    m.put(n, Files.readString(p));
                }
            }
        }
        return m;
    }

    private static Path hadoop(java.nio.file.Path p) {
        return new Path(p.toUri());
    }

    /** Leaves OUTPUT as {@code before}; returns what a reader then sees. */
    private Map<String, String> prepare(Mode mode, FileSystem fs, java.nio.file.Path out, Before before)
            throws IOException {
        switch (before) {
            case COMMITTED -> new OutputCommit(fs, hadoop(out), mode.links(), OutputCommit.Steps.NONE)
                    .commit(false, sparkLike(fs, "old", 3, OutputCommit.Steps.NONE));
            case EARLIER_VERSION -> sparkLike(fs, "old", 3, OutputCommit.Steps.NONE).writeInto(hadoop(out).toString());
            default -> {
            }
        }
        return view(out);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"LINKS", "RAW_NO_LINKS", "COPYING_RENAME"})
    void a_crash_after_any_step_leaves_the_old_or_the_new_set_whole_and_the_next_run_recovers(Mode mode)
            throws IOException {
        FileSystem fs = mode.fileSystem();
        int cases = 0;
        for (Before before : Before.values()) {
            java.nio.file.Path probe = dir.resolve("probe-" + before).resolve("out");
            Files.createDirectories(probe.getParent());
            prepare(mode, fs, probe, before);
            Killer all = new Killer(-1);
            steps(fs, all);
            new OutputCommit(fs, hadoop(probe), mode.links(), all).commit(true, sparkLike(fs, "new", 2, all));
            steps(fs, OutputCommit.Steps.NONE);
            Map<String, String> fresh = view(probe);
            assertEquals(2, fresh.size());

            for (int at = 0; at < all.seen.size(); at++) {
                java.nio.file.Path out = dir.resolve(before + "-" + at).resolve("out");
                Files.createDirectories(out.getParent());
                Map<String, String> old = prepare(mode, fs, out, before);
                Killer killer = new Killer(at);
                String what = mode + ", " + before + ", killed after '" + all.seen.get(at) + "'";
                steps(fs, killer);
                assertThrows(Killed.class, () -> new OutputCommit(fs, hadoop(out), mode.links(), killer)
                        .commit(true, sparkLike(fs, "new", 2, killer)), what);
                steps(fs, OutputCommit.Steps.NONE);

                Map<String, String> seen = view(out);
                OutputSets.Verdict verdict = OutputSets.check(fs, hadoop(out));
                if (seen == null) {
                    assertEquals(OutputSets.State.MISSING, verdict.state(), what);
                    // Absent only in the window between the two renames, and the check says so.
                    if (old != null) {
                        assertTrue(verdict.message().contains("interrupted"), what + ": " + verdict.message());
                    }
                } else if (seen.equals(fresh)) {
                    assertEquals(OutputSets.State.WHOLE, verdict.state(), what + ": " + verdict.message());
                } else if (mode == Mode.COPYING_RENAME && !seen.equals(old)) {
                    // A copy cut short: not protected, but never taken for a whole set.
                    assertFalse(verdict.whole(), what + ": " + verdict.message());
                } else if (mode == Mode.COPYING_RENAME) {
                    // The old set's data, its manifest perhaps deleted already: the check may doubt it.
                    assertEquals(old, seen, what);
                } else {
                    assertEquals(old, seen, what + ": neither the old set nor the new one");
                    assertEquals(before == Before.EARLIER_VERSION ? OutputSets.State.NO_MANIFEST : OutputSets.State.WHOLE,
                            verdict.state(), what + ": " + verdict.message());
                }

                // The next run finds what the crash left and finishes or discards it first.
                OutputCommit next = new OutputCommit(fs, hadoop(out), mode.links(), OutputCommit.Steps.NONE);
                next.recover();
                Map<String, String> recovered = view(out);
                assertTrue(recovered == null ? old == null : recovered.equals(old) || recovered.equals(fresh), what);
                next.commit(true, sparkLike(fs, "third", 1, OutputCommit.Steps.NONE));
                assertEquals(1, view(out).size(), what);
                assertTrue(view(out).keySet().iterator().next().contains("third"), what);
                assertTrue(OutputSets.check(fs, hadoop(out)).whole(), what);
                assertNoLeftovers(mode, out, what);
                cases++;
            }
        }
        // 3 scenarios of 9 steps or more each: the loop really ran over every step.
        assertTrue(cases >= 27, "crash points tried: " + cases);
    }

    /** Tells a copying rename of the steps it takes (other file systems have no steps of their own). */
    private static void steps(FileSystem fs, OutputCommit.Steps steps) {
        if (fs instanceof CopyingRename c) {
            c.steps = steps;
        }
    }

    /** Only the current generation stays (with links), nothing beside OUTPUT otherwise. */
    private static void assertNoLeftovers(Mode mode, java.nio.file.Path out, String what) throws IOException {
        java.nio.file.Path root = out.resolveSibling("." + out.getFileName() + ".gen");
        if (mode.links()) {
            assertTrue(Files.isSymbolicLink(out), what);
            try (Stream<java.nio.file.Path> s = Files.list(root)) {
                assertEquals(List.of(out.toRealPath()), s.map(p -> {
                    try {
                        return p.toRealPath();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList(), what);
            }
        } else {
            assertFalse(Files.exists(root), what + ": " + root + " stays");
        }
        try (Stream<java.nio.file.Path> s = Files.list(out.getParent())) {
            List<String> beside = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(mode.links() ? List.of(".out.gen", "out") : List.of("out"), beside, what);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_rerun_replaces_the_set_whole_and_no_old_part_stays(Mode mode) throws IOException {
        FileSystem fs = mode.fileSystem();
        java.nio.file.Path out = dir.resolve("out");
        OutputCommit c = new OutputCommit(fs, hadoop(out), mode.links(), OutputCommit.Steps.NONE);
        c.commit(false, sparkLike(fs, "first", 3, OutputCommit.Steps.NONE));
        assertEquals(3, view(out).size());
        String whole = OutputSets.check(fs, hadoop(out)).message();
        assertTrue(whole.startsWith("whole set in ") && whole.endsWith(": 4 files, 33 bytes"),
                "3 parts of 10, 11 and 12 bytes and an empty _SUCCESS: " + whole);
        c.commit(true, sparkLike(fs, "second", 1, OutputCommit.Steps.NONE));
        assertEquals(Map.of("part-00000-second-c000.csv", "x\nsecond,0\n"), view(out));
        assertTrue(OutputSets.check(fs, hadoop(out)).whole());
        assertNoLeftovers(mode, out, mode.toString());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void without_overwrite_an_existing_output_is_refused_and_kept(Mode mode) throws IOException {
        FileSystem fs = mode.fileSystem();
        java.nio.file.Path out = dir.resolve("out");
        OutputCommit c = new OutputCommit(fs, hadoop(out), mode.links(), OutputCommit.Steps.NONE);
        c.commit(false, sparkLike(fs, "first", 2, OutputCommit.Steps.NONE));
        Map<String, String> before = view(out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.commit(false, sparkLike(fs, "second", 1, OutputCommit.Steps.NONE)));
        assertTrue(e.getMessage().contains("exists; pass --overwrite"), e.getMessage());
        assertEquals(before, view(out));
        assertNoLeftovers(mode, out, mode.toString());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_earlier_versions_folder_is_migrated_and_a_users_folder_refused(Mode mode) throws IOException {
        FileSystem fs = mode.fileSystem();
        java.nio.file.Path earlier = dir.resolve("earlier");
        sparkLike(fs, "old", 2, OutputCommit.Steps.NONE).writeInto(hadoop(earlier).toString());
        assertEquals(OutputSets.State.NO_MANIFEST, OutputSets.check(fs, hadoop(earlier)).state());
        new OutputCommit(fs, hadoop(earlier), mode.links(), OutputCommit.Steps.NONE)
                .commit(true, sparkLike(fs, "new", 1, OutputCommit.Steps.NONE));
        assertEquals(Map.of("part-00000-new-c000.csv", "x\nnew,0\n"), view(earlier));
        assertEquals(mode.links(), Files.isSymbolicLink(earlier));

        java.nio.file.Path users = dir.resolve("users");
        Files.createDirectories(users);
        Files.writeString(users.resolve("notes.txt"), "mine");
        Files.writeString(users.resolve("part-00000.csv"), "a,b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutputCommit(fs, hadoop(users), mode.links(), OutputCommit.Steps.NONE)
                        .commit(true, sparkLike(fs, "new", 1, OutputCommit.Steps.NONE)));
        assertTrue(e.getMessage().contains("holding files Spark did not write (notes.txt)"), e.getMessage());
        assertEquals("mine", Files.readString(users.resolve("notes.txt")));
        assertEquals(Map.of("notes.txt", "mine", "part-00000.csv", "a,b"), view(users));

        java.nio.file.Path file = dir.resolve("file.csv");
        Files.writeString(file, "a,b");
        e = assertThrows(IllegalArgumentException.class,
                () -> new OutputCommit(fs, hadoop(file), mode.links(), OutputCommit.Steps.NONE)
                        .commit(true, sparkLike(fs, "new", 1, OutputCommit.Steps.NONE)));
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
        assertEquals("a,b", Files.readString(file));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_failed_job_leaves_the_old_set_and_no_generation(Mode mode) throws IOException {
        FileSystem fs = mode.fileSystem();
        java.nio.file.Path out = dir.resolve("out");
        OutputCommit c = new OutputCommit(fs, hadoop(out), mode.links(), OutputCommit.Steps.NONE);
        c.commit(false, sparkLike(fs, "first", 2, OutputCommit.Steps.NONE));
        Map<String, String> before = view(out);
        OutputCommit.Steps failing = step -> {
            throw new IllegalStateException("task failed");
        };
        assertThrows(IllegalStateException.class, () -> c.commit(true, sparkLike(fs, "second", 2, failing)));
        assertEquals(before, view(out));
        assertNoLeftovers(mode, out, mode.toString());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_check_tells_a_whole_set_from_a_mixed_incomplete_or_missing_one(Mode mode) throws IOException {
        FileSystem fs = mode.fileSystem();
        java.nio.file.Path out = dir.resolve("out");
        assertEquals(OutputSets.State.MISSING, OutputSets.check(fs, hadoop(out)).state());
        new OutputCommit(fs, hadoop(out), mode.links(), OutputCommit.Steps.NONE)
                .commit(false, sparkLike(fs, "first", 2, OutputCommit.Steps.NONE));
        assertTrue(OutputSets.check(fs, hadoop(out)).whole());

        Files.writeString(out.resolve("part-00009-other-c000.csv"), "x\n1\n");
        OutputSets.Verdict added = OutputSets.check(fs, hadoop(out));
        assertEquals(OutputSets.State.MIXED, added.state());
        assertTrue(added.message().contains("part-00009-other-c000.csv is not part of the set"), added.message());
        Files.delete(out.resolve("part-00009-other-c000.csv"));
        assertTrue(OutputSets.check(fs, hadoop(out)).whole());

        Files.writeString(out.resolve("part-00001-first-c000.csv"), "x\nfirst,1\n\n\n\n\n");
        OutputSets.Verdict changed = OutputSets.check(fs, hadoop(out));
        assertEquals(OutputSets.State.MIXED, changed.state());
        assertTrue(changed.message().contains("part-00001-first-c000.csv has 14 bytes, the manifest lists 11"),
                changed.message());

        Files.delete(out.resolve("part-00000-first-c000.csv"));
        Files.deleteIfExists(out.resolve(".part-00000-first-c000.csv.crc"));
        OutputSets.Verdict missing = OutputSets.check(fs, hadoop(out));
        assertEquals(OutputSets.State.MIXED, missing.state());
        assertTrue(missing.message().contains("part-00000-first-c000.csv is missing"), missing.message());
        assertNotNull(view(out));
        assertNull(view(dir.resolve("nothing")));
    }
}
