package dev.attention.assembly.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs far larger than the heap are refused with one line, in a child JVM of 64 MB: the
 * caps are checked before the work, so memory stays bounded whatever the input's size. (Without the
 * caps each case ends in an OutOfMemoryError or minutes of parsing.)
 */
class BoundedRefusalsTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    private record Outcome(int code, String out) {
    }

    private static Outcome probe(String reader, Path file, String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ReadProbe.class.getName(), reader, file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        // A generous bound only so that a hang fails the build instead of blocking it; not a timing assertion.
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe did not stop");
        return new Outcome(p.exitValue(), out);
    }

    /** {@code head}, then {@code unit} repeated until {@code bytes}, then {@code tail}, streamed to disk. */
    private Path write(String name, String head, String unit, long bytes, String tail) throws IOException {
        Path p = dir.resolve(name);
        byte[] chunk = unit.repeat(Math.max(1, 64 * 1024 / unit.length())).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p))) {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
            out.write(tail.getBytes(StandardCharsets.US_ASCII));
        }
        return p;
    }

    @Test
    void a_50_mb_config_of_one_scalar_is_refused_from_its_size() throws Exception {
        Path config = write("huge.yaml", "name: ", "a", 50L * MB, "\npipeline: {}\n");
        Outcome o = probe("config", config);
        assertEquals(2, o.code(), o.out());
        assertEquals(1, o.out().lines().count(), o.out());
        assertTrue(o.out().startsWith(config.toString() + ": config file of " + Files.size(config)
                + " bytes is over the limit of 1048576 bytes (1.0 MiB)"), o.out());
        assertTrue(o.out().contains("-Dattention.limit.config-bytes=4194304"), o.out());
    }

    @Test
    void a_config_within_a_raised_limit_is_read() throws Exception {
        // 2 MB of comment lines: over the default, under the raised cap, and cheap to parse.
        Path config = write("long.yaml", "", "# a comment line of padding\n", 2L * MB, "pipeline: {}\n");
        assertEquals(2, probe("config", config).code());
        Outcome o = probe("config", config, "-Dattention.limit.config-bytes=" + 4 * MB);
        assertEquals(new Outcome(0, "ok"), o);
    }

    @Test
    void a_200_mb_csv_line_of_small_cells_is_refused_after_the_line_cap() throws Exception {
        Path csv = write("wide.csv", "x\n1\n", "1,", 200L * MB, "1\n");
        for (String reader : List.of("csv", "csv-chunks")) {
            Outcome o = probe(reader, csv);
            assertEquals(2, o.code(), reader + ": " + o.out());
            assertEquals(1, o.out().lines().count(), o.out());
            assertTrue(o.out().startsWith(csv + ":3: a line of more than 1048576 characters is over the limit"),
                    o.out());
            assertTrue(o.out().contains("-Dattention.limit.csv-line-chars="), o.out());
        }
    }

    @Test
    void a_200_mb_csv_cell_is_refused_after_the_cell_cap() throws Exception {
        Path csv = write("tall.csv", "x\n", "9", 200L * MB, "\n");
        Outcome o = probe("csv", csv);
        assertEquals(2, o.code(), o.out());
        assertTrue(o.out().startsWith(csv + ":2: a cell of more than 65536 characters is over the limit"), o.out());
    }
}
