package dev.attention.io.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/** Temporary files that become outputs by an atomic rename. */
public final class TempFiles {
    /** Names tried before giving up; a clash of two 64-bit random parts is already unlikely. */
    private static final int ATTEMPTS = 100;

    private TempFiles() {
    }

    /**
     * A new temporary file {@code .<name>.<random>.tmp} in {@code dir}, made {@code rw-r--r--} on
     * POSIX file systems (a rename keeps the mode, and results are for everyone to read).
     */
    public static Path beside(Path dir, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + randomPart() + ".tmp");
            try {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt < ATTEMPTS) {
                    continue;
                }
                throw e;
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return tmp;
        }
    }

    /**
     * A random part for a temporary name. Not {@link Files#createTempFile} or {@code UUID.randomUUID()}:
     * both set up {@code SecureRandom}, whose security providers cost a cold JVM tens of
     * milliseconds, and a temporary name only has to not clash (creating it refuses an existing one).
     */
    public static String randomPart() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }
}
