package dev.attention.io.table;

import dev.attention.io.util.DurableFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a set of files into an output folder as one set, whole or not at all, by a
 * {@link Generations} commit: the files go into a new generation folder, a manifest is written
 * last, and the output folder (a symbolic link) is switched to it in one rename. A failure, a
 * SIGTERM or a kill at any instant leaves the earlier set whole, and files of an earlier set that
 * the new one lacks do not stay beside it.
 */
public final class AtomicFiles {
    /**
     * The file names attention writes into an output folder (results, a fit's, a search's): a plain
     * folder holding only these is an earlier version's output and is migrated.
     */
    public static final Set<String> OWN = Set.of("output.csv", "weights.csv", "output.json", "weights.json",
            "training.json", "parameters.safetensors", "checkpoint.safetensors", "parameters.json",
            "leaderboard.csv", "best.yaml", "result.json");

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer w) throws IOException;
    }

    /** Writes the bytes of one file (a tensor file beside text results). */
    @FunctionalInterface
    public interface Bytes {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes several files at once, each through its own open writer. */
    @FunctionalInterface
    public interface Together {
        void writeTo(Map<String, Writer> writers) throws IOException;
    }

    /** Writes several binary files at once, each through its own open channel (which may seek back). */
    @FunctionalInterface
    public interface TogetherBinary {
        void writeTo(Map<String, FileChannel> channels) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code files} (file name → content) into {@code dir}, all or nothing; returns their paths. */
    public static List<Path> write(Path dir, Map<String, Content> files) throws IOException {
        Map<String, Bytes> bytes = new LinkedHashMap<>();
        files.forEach((name, content) -> bytes.put(name, asBytes(content)));
        return writeBytes(dir, bytes);
    }

    /** Text content as UTF-8 bytes, for a set that mixes text and binary files. */
    public static Bytes asBytes(Content content) {
        return out -> {
            // A strict encoder, as Files.newBufferedWriter has: bad text fails instead of becoming '?'.
            try (Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8.newEncoder()))) {
                content.writeTo(w);
            }
        };
    }

    /** Like {@link #write}, for files given as bytes. */
    public static List<Path> writeBytes(Path dir, Map<String, Bytes> files) throws IOException {
        List<String> names = new ArrayList<>(files.keySet());
        return Generations.commit(dir, names, own(names), gen -> {
            for (Map.Entry<String, Bytes> e : files.entrySet()) {
                DurableFiles.write(gen.resolve(e.getKey()), e.getValue()::writeTo);
                CommitSteps.step("write " + e.getKey());
            }
        });
    }

    /**
     * Writes files whose contents are produced together (rows appended to several files as they are
     * computed), committed as one set like {@link #write}: {@code body} gets one open writer per
     * name, and the set is committed only when it returns.
     */
    public static List<Path> writeTogether(Path dir, List<String> names, Together body) throws IOException {
        return Generations.commit(dir, names, own(names), gen -> {
            Map<String, Writer> writers = new LinkedHashMap<>();
            together(writers, () -> {
                for (String name : names) {
                    writers.put(name, new BufferedWriter(new OutputStreamWriter(DurableFiles.open(gen.resolve(name)),
                            StandardCharsets.UTF_8.newEncoder())));
                }
                body.writeTo(writers);
            });
            for (String name : names) {
                CommitSteps.step("write " + name);
            }
        });
    }

    /**
     * Like {@link #writeTogether}, for binary files whose writer must seek back (a tensor header
     * completed once the row count is known): each channel is forced to disk before the commit.
     */
    public static List<Path> writeTogetherBinary(Path dir, List<String> names, TogetherBinary body) throws IOException {
        return Generations.commit(dir, names, own(names), gen -> {
            Map<String, FileChannel> channels = new LinkedHashMap<>();
            Map<String, Closeable> closers = new LinkedHashMap<>();
            together(closers, () -> {
                for (String name : names) {
                    FileChannel ch = FileChannel.open(gen.resolve(name), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, StandardOpenOption.READ);
                    channels.put(name, ch);
                    closers.put(name, () -> {
                        try (ch) {
                            ch.force(true);
                        }
                    });
                }
                body.writeTo(channels);
            });
            for (String name : names) {
                CommitSteps.step("write " + name);
            }
        });
    }

    /** What {@link #together} runs with its files open. */
    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }

    /**
     * Runs {@code work}, then closes every file it opened into {@code open}, even on failure; a
     * failed work's own error is the one reported, else the first failure to close.
     */
    private static void together(Map<String, ? extends Closeable> open, Work work) throws IOException {
        boolean written = false;
        try {
            work.run();
            written = true;
        } finally {
            IOException first = null;
            for (Closeable c : open.values()) {
                try {
                    c.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (written && first != null) {
                throw first;
            }
        }
    }

    private static Set<String> own(List<String> names) {
        Set<String> own = new HashSet<>(OWN);
        own.addAll(names);
        return own;
    }
}
