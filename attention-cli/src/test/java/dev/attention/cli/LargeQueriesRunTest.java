package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's memory is bounded by the keys, not the queries: 2,000,000 queries × 4 columns (a 63 MiB
 * CSV) against 300 keys run through {@code attention run} in a JVM capped at 64 MiB. The queries
 * are read, run and written a chunk of rows at a time. Read whole, the same file would need far
 * more than the heap: the parsed rows alone are 2M String[4] plus 8M cell strings (≈ 220 bytes a
 * row, ≈ 450 MB), and the double[][] tensor source another 96 MB. Not a timing test: the limit only
 * stops a hung child (23 s measured on 2 cores under a load average of 14).
 */
class LargeQueriesRunTest {
    private static final int QUERIES = 2_000_000;
    private static final int KEYS = 300;
    private static final int D = 4;
    private static final int[] CHECKED = {0, 1, 777_777, QUERIES - 1};

    @TempDir
    Path dir;

    @Test
    void two_million_queries_run_in_64_mib_and_match_a_direct_computation() throws Exception {
        Random rnd = new Random(12);
        double[][] keys = new double[KEYS][D];
        double[] values = new double[KEYS];
        StringBuilder train = new StringBuilder("x1,x2,x3,x4,y\n");
        for (int j = 0; j < KEYS; j++) {
            for (int c = 0; c < D; c++) {
                keys[j][c] = cell(rnd);
                train.append(keys[j][c]).append(',');
            }
            values[j] = cell(rnd);
            train.append(values[j]).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), train);
        Map<Integer, double[]> checked = new HashMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("queries.csv"), StandardCharsets.UTF_8)) {
            w.write("x1,x2,x3,x4\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < QUERIES; i++) {
                line.setLength(0);
                double[] q = new double[D];
                for (int c = 0; c < D; c++) {
                    q[c] = cell(rnd);
                    line.append(c == 0 ? "" : ",").append(q[c]);
                }
                w.write(line.append('\n').toString());
                if (isChecked(i)) {
                    checked.put(i, q);
                }
            }
        }
        long size = Files.size(dir.resolve("queries.csv"));
        assertTrue(size > 60_000_000L, "queries file " + size + " bytes");
        Files.writeString(dir.resolve("config.yaml"), String.join("\n",
                "name: large",
                "pipeline: {variant: global, alignment: scaled-dot, distribution: softmax}",
                "inputs:",
                "  keys:    {file: train.csv, columns: [x1, x2, x3, x4]}",
                "  values:  {file: train.csv, columns: [y]}",
                "  queries: {file: queries.csv}",
                "output: {weights: false}", ""));

        Path out = dir.resolve("out");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Under surefire the class path may be a manifest-only jar; java -cp follows its Class-Path.
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-Dattention.log.level=INFO", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", dir.resolve("config.yaml").toString(), "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long t0 = System.nanoTime();
        try {
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "child JVM finished");
        } finally {
            child.destroyForcibly();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String log = Files.readString(dir.resolve("child.log"));
        System.out.printf("LargeQueriesRunTest: %d queries (%d MiB) in %.1f s with -Xmx64m%n", QUERIES, size >> 20,
                seconds);
        assertEquals(0, child.exitValue(), log);
        assertTrue(log.contains("chunk(s)"), () -> "the queries were read in chunks: " + log);

        long rows = 0;
        try (BufferedReader r = Files.newBufferedReader(out.resolve("output.csv"), StandardCharsets.UTF_8)) {
            assertEquals("query,y", r.readLine());
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int comma = line.indexOf(',');
                int i = Integer.parseInt(line.substring(0, comma));
                assertEquals(rows, i, "rows numbered in order across chunks");
                double[] q = checked.get(i);
                if (q != null) {
                    double expected = direct(q, keys, values);
                    double got = Double.parseDouble(line.substring(comma + 1));
                    assertEquals(expected, got, 1e-12 * (1 + Math.abs(expected)), "row " + i);
                }
                rows++;
            }
        }
        assertEquals(QUERIES, rows);
        assertEquals(List.of(".attention-manifest", "output.csv"), files(out), "only the output and its manifest, no temporary");
    }

    private static boolean isChecked(int i) {
        for (int c : CHECKED) {
            if (c == i) {
                return true;
            }
        }
        return false;
    }

    /** A uniform number in [−1, 1] with 5 decimals, written as Java prints it. */
    private static double cell(Random rnd) {
        return (rnd.nextInt(200_001) - 100_000) / 100_000.0;
    }

    /** {@code softmax(q·K/√d) · v}, directly. */
    private static double direct(double[] q, double[][] keys, double[] values) {
        double[] z = new double[keys.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < keys.length; j++) {
            double dot = 0;
            for (int c = 0; c < D; c++) {
                dot += q[c] * keys[j][c];
            }
            z[j] = dot / Math.sqrt(D);
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        double acc = 0;
        for (int j = 0; j < keys.length; j++) {
            double e = Math.exp(z[j] - max);
            sum += e;
            acc += e * values[j];
        }
        return acc / sum;
    }

    private static List<String> files(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
