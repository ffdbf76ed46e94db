package dev.attention.core.data;

import java.io.IOException;
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

/**
 * Writes a set of files whole or not at all: everything goes to temporary files in the target
 * folder first, and only when all of them are complete are they renamed into place (atomically
 * where the file system allows). A failure leaves no partial file behind.
 */
public final class AtomicFiles {
    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer w) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code files} (file name → content) into {@code dir}, all or nothing; returns their paths. */
    public static List<Path> write(Path dir, Map<String, Content> files) throws IOException {
        Files.createDirectories(dir);
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Content> e : files.entrySet()) {
                Path tmp = Files.createTempFile(dir, "." + e.getKey() + ".", ".tmp");
                staged.put(tmp, dir.resolve(e.getKey()));
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    e.getValue().writeTo(w);
                }
            }
            List<Path> out = new ArrayList<>();
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                try {
                    Files.move(e.getKey(), e.getValue(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(e.getKey(), e.getValue(), StandardCopyOption.REPLACE_EXISTING);
                }
                out.add(e.getValue());
            }
            return out;
        } finally {
            for (Path tmp : staged.keySet()) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
