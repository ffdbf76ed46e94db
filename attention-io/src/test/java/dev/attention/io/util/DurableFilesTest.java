package dev.attention.io.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void a_write_failing_halfway_keeps_the_old_file_and_leaves_no_temporary() throws IOException {
        Path f = dir.resolve("p.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> DurableFiles.replace(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void creates_missing_folders_and_replaces_the_file() throws IOException {
        Path f = dir.resolve("a/b/p.npy");
        DurableFiles.replace(f, out -> out.write(7));
        DurableFiles.replace(f, out -> out.write(8));
        assertArrayEquals(new byte[] {8}, Files.readAllBytes(f));
    }

    @Test
    void a_written_file_holds_its_bytes_and_a_folder_syncs_where_the_os_allows() throws IOException {
        Path f = dir.resolve("w.bin");
        DurableFiles.write(f, out -> out.write(new byte[] {4, 5, 6}));
        assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(f));
        // Linux and macOS let a folder be opened and forced; Windows refuses, which is not an error.
        boolean posix = !System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        assertEquals(posix, DurableFiles.syncFolder(dir));
        assertFalse(DurableFiles.syncFolder(dir.resolve("missing")), "a missing folder is ignored, not thrown");
    }
}
