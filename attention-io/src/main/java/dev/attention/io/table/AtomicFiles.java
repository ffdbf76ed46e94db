package dev.attention.io.table;

import dev.attention.io.util.TempFiles;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a set of files whole or not at all: everything goes to temporary files in the target
 * folder first, and only when all of them are complete are they renamed into place (atomically
 * where the file system allows). A failure leaves no partial file behind, and a file already
 * renamed into place is restored to its earlier content when a later one of the set fails.
 *
 * <p>A JVM stopped by SIGTERM or SIGINT runs shutdown hooks but not the {@code finally} blocks of
 * the thread still writing, so a hook aborts every write in progress: it deletes the temporaries
 * and restores what was already replaced.
 */
public final class AtomicFiles {
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

    /** Writes in progress in this JVM, for the shutdown hook. */
    private static final Set<Transaction> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Transaction::abort),
                "attention-atomic-files-cleanup"));
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
        Files.createDirectories(dir);
        Transaction tx = new Transaction();
        OPEN.add(tx);
        try {
            for (Map.Entry<String, Bytes> e : files.entrySet()) {
                Path tmp = tx.stage(dir, e.getKey());
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    e.getValue().writeTo(out);
                }
            }
            List<Path> out = tx.commit();
            return out;
        } catch (IOException | RuntimeException | Error e) {
            tx.abort();
            throw e;
        } finally {
            tx.cleanUp();
            OPEN.remove(tx);
        }
    }

    /**
     * Writes files whose contents are produced together (rows appended to several files as they are
     * computed), with the same all-or-nothing guarantee as {@link #write}: {@code body} gets one open
     * writer per name, and the files are renamed into place only when it returns.
     */
    public static List<Path> writeTogether(Path dir, List<String> names, Together body) throws IOException {
        Files.createDirectories(dir);
        Transaction tx = new Transaction();
        OPEN.add(tx);
        Map<String, Writer> writers = new LinkedHashMap<>();
        try {
            boolean written = false;
            try {
                for (String name : names) {
                    writers.put(name, Files.newBufferedWriter(tx.stage(dir, name), StandardCharsets.UTF_8));
                }
                body.writeTo(writers);
                written = true;
            } finally {
                IOException first = null;
                for (Writer w : writers.values()) {
                    try {
                        w.close();
                    } catch (IOException e) {
                        first = first == null ? e : first;
                    }
                }
                // A failed body's own error is the one to report.
                if (written && first != null) {
                    throw first;
                }
            }
            return tx.commit();
        } catch (IOException | RuntimeException | Error e) {
            tx.abort();
            throw e;
        } finally {
            tx.cleanUp();
            OPEN.remove(tx);
        }
    }

    /**
     * One set of files: staged temporaries, then renames. Its steps are synchronized so an abort
     * from the shutdown hook never interleaves with a rename.
     */
    private static final class Transaction {
        private final Map<Path, Path> staged = new LinkedHashMap<>();
        /** Targets already renamed into place, with a copy of what they held before (null: absent). */
        private final Map<Path, Path> replaced = new LinkedHashMap<>();
        private final List<Path> backups = new ArrayList<>();
        private boolean aborted;

        synchronized Path stage(Path dir, String name) throws IOException {
            check();
            Path tmp = TempFiles.beside(dir, name);
            staged.put(tmp, dir.resolve(name));
            return tmp;
        }

        synchronized List<Path> commit() throws IOException {
            List<Path> out = new ArrayList<>();
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                check();
                Path target = e.getValue();
                Path backup = null;
                if (Files.isRegularFile(target)) {
                    backup = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".bak");
                    backups.add(backup);
                    Files.copy(target, backup, StandardCopyOption.REPLACE_EXISTING);
                }
                move(e.getKey(), target);
                replaced.put(target, backup);
                out.add(target);
            }
            replaced.clear();
            return out;
        }

        /** Puts back what was replaced, best effort: it runs on a failure or at JVM exit. */
        synchronized void abort() {
            aborted = true;
            for (Map.Entry<Path, Path> e : replaced.entrySet()) {
                try {
                    if (e.getValue() == null) {
                        Files.deleteIfExists(e.getKey());
                    } else {
                        move(e.getValue(), e.getKey());
                    }
                } catch (IOException ignored) {
                    // Nothing better to do while failing or exiting; the original error is reported.
                }
            }
            replaced.clear();
            cleanUp();
        }

        synchronized void cleanUp() {
            for (Path p : staged.keySet()) {
                deleteQuietly(p);
            }
            for (Path p : backups) {
                deleteQuietly(p);
            }
        }

        private void check() throws IOException {
            if (aborted) {
                throw new IOException("write aborted: the JVM is shutting down");
            }
        }

        private static void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private static void deleteQuietly(Path p) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A temporary we cannot delete is left; the caller's error says what went wrong.
            }
        }
    }
}
