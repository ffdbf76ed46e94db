package dev.attention.io.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporaries are new, hidden, named after their target, and readable by everyone as results are. */
class TempFilesTest {
    @TempDir
    Path dir;

    @Test
    void each_temporary_is_a_new_empty_file_named_after_its_target() throws IOException {
        Path a = TempFiles.beside(dir, "output.npy");
        Path b = TempFiles.beside(dir, "output.npy");
        assertNotEquals(a, b);
        for (Path t : new Path[] {a, b}) {
            assertEquals(dir, t.getParent());
            assertTrue(t.getFileName().toString().matches("\\.output\\.npy\\.[0-9a-z]{1,13}\\.tmp"), t.toString());
            assertEquals(0, Files.size(t));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(t)));
            }
        }
    }
}
