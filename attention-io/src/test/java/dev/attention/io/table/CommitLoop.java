package dev.attention.io.table;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A child JVM for {@link KilledCommitTest}: commits sets into {@code args[0]} until it is killed.
 * Set {@code i} (counting from {@code args[1]}) is {@code output.csv} and, for even {@code i},
 * {@code weights.csv}, each starting with the line {@code set i}, so a reader can tell which set
 * every file belongs to.
 */
public final class CommitLoop {
    private CommitLoop() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (long i = Long.parseLong(args[1]); ; i++) {
            long set = i;
            Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
            files.put("output.csv", w -> rows(w, set));
            if (set % 2 == 0) {
                files.put("weights.csv", w -> rows(w, set));
            }
            AtomicFiles.write(dir, files);
        }
    }

    private static void rows(Writer w, long set) throws IOException {
        w.write("set " + set + "\n");
        for (int r = 0; r < 20_000; r++) {
            w.write(r + "," + set + "\n");
        }
    }
}
