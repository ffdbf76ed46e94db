package dev.attention.assembly.bounds;

import dev.attention.api.AttentionException;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.data.CsvChunks;
import dev.attention.assembly.data.DataLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads one file the way a run would, in a child JVM started by {@link BoundedRefusalsTest} with a
 * small heap: prints "ok" (exit 0) or the refusal's message (exit 2); anything else, an
 * {@link OutOfMemoryError} above all, is exit 3 with its class name.
 */
public final class ReadProbe {
    private ReadProbe() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "config" -> new ConfigLoader().load(file);
                case "csv" -> new DataLoader().readCsv(file, List.of(), true, Optional.empty());
                case "csv-chunks" -> {
                    try (CsvChunks c = CsvChunks.open(file, List.of(), true, 1000)) {
                        while (c.next().isPresent()) {
                            // Read to the end.
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown reader " + args[0]);
            }
            System.out.println("ok");
            System.exit(0);
        } catch (AttentionException e) {
            System.out.println(e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            // Keep the report small: a stack trace of an OutOfMemoryError may itself need memory.
            System.out.println("UNEXPECTED " + t.getClass().getName());
            System.exit(3);
        }
    }
}
