package dev.attention.io.tensor;

import dev.attention.api.DataException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positioned, bounds-checked reads from a tensor file. Only the byte ranges asked for are read,
 * so picking one tensor from a large safetensors file does not load the others.
 */
final class FileBytes implements Closeable {
    final String shown;
    private final FileChannel channel;
    private final long size;

    private FileBytes(String shown, FileChannel channel, long size) {
        this.shown = shown;
        this.channel = channel;
        this.size = size;
    }

    static FileBytes open(Path file) {
        String shown = file.toString();
        if (Files.isDirectory(file)) {
            throw Problems.inFile(shown, "is a folder, not a tensor file");
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            return new FileBytes(shown, ch, ch.size());
        } catch (NoSuchFileException e) {
            throw Problems.inFile(shown, "file not found (paths are relative to the config file)");
        } catch (AccessDeniedException e) {
            throw Problems.inFile(shown, "file is not readable; check its permissions");
        } catch (IOException e) {
            throw Problems.inFile(shown, "cannot open: " + e.getMessage());
        }
    }

    long size() {
        return size;
    }

    /** {@code length} bytes from {@code position}, little-endian; the caller has checked the bounds. */
    ByteBuffer read(long position, long length, String what) {
        if (length > Integer.MAX_VALUE - 8) {
            throw Problems.inFile(shown, what + " is " + length + " bytes, more than can be read at once");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long at = position;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, at);
                if (n < 0) {
                    // The size was checked on open; the file shrank while we read it.
                    throw Problems.inFile(shown, "file ended while reading " + what + " (truncated?)");
                }
                at += n;
            }
        } catch (IOException e) {
            throw Problems.inFile(shown, "cannot read " + what + ": " + e.getMessage());
        }
        return buf.flip();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new DataException(shown, 0, null, "cannot close: " + e.getMessage());
        }
    }
}
