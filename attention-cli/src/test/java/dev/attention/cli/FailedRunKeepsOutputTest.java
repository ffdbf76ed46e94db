package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails after an earlier successful one into the same {@code --out} leaves the earlier
 * files byte for byte, and no temporary file: outputs are replaced as a set or not at all.
 */
class FailedRunKeepsOutputTest {
    @TempDir
    Path dir;

    private Path out;

    @BeforeEach
    void data() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "x,y\n1,2\n2,4\n3,5\n4,8\n");
        Files.writeString(dir.resolve("test.csv"), "x\n1.5\n2.5\n3.5\n");
        Files.writeString(dir.resolve("other.csv"), "x\n0.5\n");
        out = dir.resolve("out");
    }

    private Path config(String name, String distribution, String queries, boolean weights) throws IOException {
        return Files.writeString(dir.resolve(name), "name: t\n"
                + "pipeline: {variant: global, alignment: dot, distribution: " + distribution + "}\n"
                + "inputs:\n"
                + "  keys:    {file: train.csv, columns: [x]}\n"
                + "  values:  {file: train.csv, columns: [y]}\n"
                + "  queries: {file: " + queries + ", columns: [x]}\n"
                + "output: {weights: " + weights + "}\n");
    }

    private static Cli.Result ok(Path config, Path out) {
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    private static void failed(Cli.Result r) {
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void a_run_that_fails_before_writing_keeps_the_earlier_files() throws IOException {
        ok(config("good.yaml", "softmax", "test.csv", true), out);
        byte[] output = Files.readAllBytes(out.resolve("output.csv"));
        byte[] weights = Files.readAllBytes(out.resolve("weights.csv"));

        // Negative keys give negative dot scores, which normalize refuses during the run.
        Files.writeString(dir.resolve("train.csv"), "x,y\n-1,2\n-2,4\n-3,5\n-4,8\n");
        failed(Cli.run("run", config("bad.yaml", "normalize", "test.csv", true).toString(), "--out", out.toString()));

        assertArrayEquals(output, Files.readAllBytes(out.resolve("output.csv")));
        assertArrayEquals(weights, Files.readAllBytes(out.resolve("weights.csv")));
        assertEquals(List.of(".attention-manifest", "output.csv", "weights.csv"), names(), "the set, no temporary files");
    }

    @Test
    void a_run_into_a_folder_holding_other_files_is_refused_and_leaves_it_as_it_was() throws IOException {
        // A plain folder with an output.csv and a file of the user's: not attention's alone.
        Files.createDirectories(out);
        Files.writeString(out.resolve("output.csv"), "the user's\n");
        Files.writeString(out.resolve("keep.txt"), "not ours");

        Cli.Result r = Cli.run("run", config("second.yaml", "softmax", "other.csv", true).toString(), "--out", out.toString());
        failed(r);
        assertTrue(r.err().contains(out.toAbsolutePath() + " is a folder holding files attention did not write (keep.txt)"),
                r::toString);
        assertTrue(r.err().contains("nothing was written"), r::toString);
        assertEquals(List.of("keep.txt", "output.csv"), names());
        assertEquals("the user's\n", Files.readString(out.resolve("output.csv")));
        assertEquals("not ours", Files.readString(out.resolve("keep.txt")));
    }
}
