package dev.attention.io.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way attention puts bytes into files: written through a buffer, then forced to the disk
 * ({@link FileChannel#force}) before the file is closed, so that a rename or a link switch made
 * afterwards can never expose a file whose content a power cut lost. A single file is replaced by a
 * temporary beside it renamed into place ({@link #replace}); a set of files is committed by
 * {@code dev.attention.io.table.Generations}, which writes each with {@link #open} and syncs the
 * folders with {@link #syncFolder}.
 */
public final class DurableFiles {
    /** Writes the bytes of one file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int BUFFER = 1 << 16;

    private DurableFiles() {
    }

    /**
     * A new file (an existing one is truncated) whose {@code close} flushes the buffer and forces the
     * content to the disk, then closes; a failure there is thrown from {@code close}.
     */
    public static OutputStream open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try (ch) {
                    flush();
                    ch.force(true);
                }
            }
        };
    }

    /** Writes {@code file} with {@code body} and forces it to the disk. */
    public static void write(Path file, Body body) throws IOException {
        try (OutputStream out = open(file)) {
            body.writeTo(out);
        }
    }

    /**
     * Replaces {@code target} whole or not at all: the bytes go to a temporary file beside it
     * ({@link TempFiles#beside}), forced to the disk, renamed over the target (atomically where the
     * file system allows), and the folder synced. Missing folders are created. A failure keeps the
     * old file and removes the temporary.
     */
    public static void replace(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = TempFiles.beside(dir, abs.getFileName().toString());
        try {
            write(tmp, body);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncFolder(dir);
    }

    /**
     * Forces a folder's entries (names created, renamed or removed in it) to the disk, where the
     * operating system allows opening a folder: Linux and macOS do; Windows and some file systems
     * refuse with an {@link IOException}, which is ignored (there the rename's own durability is
     * the file system's).
     *
     * @return whether the folder was synced
     */
    public static boolean syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
            return true;
        } catch (IOException notAllowedHere) {
            return false;
        }
    }
}
