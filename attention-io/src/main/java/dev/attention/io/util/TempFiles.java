package dev.attention.io.util;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Temporary files that become outputs by an atomic rename. */
public final class TempFiles {
    private TempFiles() {
    }

    /**
     * A new temporary file {@code .<name>.<random>.tmp} in {@code dir}. {@link Files#createTempFile}
     * makes it owner-only (0600), and a rename keeps that, so results would be unreadable to anyone
     * else; on POSIX file systems it gets the ordinary {@code rw-r--r--} instead.
     */
    public static Path beside(Path dir, String name) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return tmp;
    }
}
