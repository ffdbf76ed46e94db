package dev.attention.io.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
    @TempDir
    Path dir;

    /** The output folder: a link the writer switches, so not the temporary folder itself. */
    private Path out() {
        return dir.resolve("out");
    }

    private static final AttentionResult RESULT = AttentionResult.of(
            Tensor.matrix(DType.FLOAT64, new double[] {5.7}, new double[] {0.1}),
            Tensor.matrix(DType.FLOAT64, new double[] {0.25, 0.75}, new double[] {1, 0}));

    @Test
    void csv_has_a_row_per_query_with_named_columns() throws IOException {
        Path out = out();
        List<Path> files = new ResultWriter().write("demo", RESULT, List.of("output", "weights"),
                Map.of("output", List.of("y")), out, "csv");
        assertEquals(List.of(out.resolve("output.csv"), out.resolve("weights.csv")), files);
        assertEquals("query,y\n0,5.7\n1,0.1\n", Files.readString(out.resolve("output.csv")));
        assertEquals("query,key_0,key_1\n0,0.25,0.75\n1,1.0,0.0\n", Files.readString(out.resolve("weights.csv")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(".attention-manifest", "output.csv", "weights.csv"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "the set and its manifest, nothing else");
        }
    }

    @Test
    void batched_tensors_get_a_batch_column_and_float32_prints_shortest_floats() throws IOException {
        Path out = out();
        Tensor t = Tensor.of(DType.FLOAT32, new int[] {2, 1, 1}, 0.1, 0.2);
        new ResultWriter().write("b", AttentionResult.of(Map.of("output", t)), List.of("output"), Map.of(), out, "csv");
        assertEquals("batch,query,output_0\n0,0,0.1\n1,0,0.2\n", Files.readString(out.resolve("output.csv")));
    }

    @Test
    void json_nests_by_shape() throws IOException {
        Path out = out();
        new ResultWriter().write("demo", RESULT, List.of("output"), Map.of(), out, "json");
        String json = Files.readString(out.resolve("result.json")).replaceAll("\\s", "");
        assertEquals("{\"name\":\"demo\",\"output\":{\"dtype\":\"float64\",\"shape\":[2,1],\"data\":[[5.7],[0.1]]}}", json);
    }

    @Test
    void a_failed_write_leaves_nothing_behind() throws IOException {
        Path blocker = dir.resolve("taken");
        Files.writeString(blocker, "a file where the output folder should be");
        AttentionException e = assertThrows(AttentionException.class, () -> new ResultWriter()
                .write("demo", RESULT, List.of("output", "weights"), Map.of(), blocker.resolve("sub"), "csv"));
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(blocker), s.toList());
        }
    }

    @Test
    void an_existing_file_is_replaced_whole() throws IOException {
        Path out = out();
        Files.createDirectories(out);
        Files.writeString(out.resolve("output.csv"), "old content that is longer than the new one\n".repeat(10));
        new ResultWriter().write("demo", RESULT, List.of("output"), Map.of(), out, "csv");
        assertEquals("query,output_0\n0,5.7\n1,0.1\n", Files.readString(out.resolve("output.csv")));
    }

    @Test
    void outputs_are_readable_by_others_like_any_new_file() throws IOException {
        Path out = out();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX only");
        new ResultWriter().write("demo", RESULT, List.of("output"), Map.of(), out, "csv");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.resolve("output.csv"))));
    }
}
