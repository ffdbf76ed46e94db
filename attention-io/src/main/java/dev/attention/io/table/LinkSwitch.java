package dev.attention.io.table;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.io.util.TempFiles;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apiguardian.api.API;

/**
 * The one instant an output set changes: {@code link} is pointed at {@code generation} by creating
 * a new relative symbolic link under a temporary name beside it and renaming that over {@code link}
 * ({@code rename(2)}, atomic). Used by the CLI's generation commit and by the Spark writer on a
 * local file system.
 */
@API(status = MAINTAINED)
public final class LinkSwitch {
    private LinkSwitch() {
    }

    /**
     * Points {@code link} at {@code generation}, telling {@code steps} after creating the new link
     * and after the switch (a test's hook may stop there as a crash would).
     *
     * @throws IOException naming the folder when the file system has no symbolic links
     */
    public static void switchTo(Path link, Path generation, CommitSteps.Hook steps) throws IOException {
        Path tmp = link.resolveSibling("." + link.getFileName() + "." + TempFiles.randomPart() + ".link");
        try {
            Files.createSymbolicLink(tmp, link.getParent().relativize(generation));
        } catch (UnsupportedOperationException | FileSystemException e) {
            throw new IOException("cannot create a symbolic link beside " + link + " (" + e.getMessage()
                    + "); outputs are committed by switching a link, so write them to a file system that has them"
                    + " (on Windows: enable Developer Mode)", e);
        }
        steps.after("create link");
        try {
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        steps.after("switch link");
    }
}
