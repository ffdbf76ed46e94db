package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graph's edges from an integer .npy run as the same edges from CSV do; float32 jobs refuse inexact indices. */
class IntegerEdgesJobTest {
    @TempDir
    Path dir;

    /** A version 1.0 .npy of little-endian int64, laid out as numpy.save lays it out. */
    private Path int64Npy(String name, int rows, long... values) throws IOException {
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + rows + ", " + values.length / rows + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0});
        out.write(header);
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        out.write(b.array());
        Path f = dir.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    private Path config(String name, String edges, String extra) throws IOException {
        Files.writeString(dir.resolve("nodes.csv"), "x1,x2\n1,0\n0,1\n1,1\n0.5,-1\n");
        Files.writeString(dir.resolve("edges.csv"), "source,target\n0,1\n1,2\n2,3\n");
        Path c = dir.resolve(name);
        Files.writeString(c, "name: g\n" + extra + "pipeline: {variant: graph, alignment: gat, distribution: softmax}\n"
                + "inputs:\n  nodes: {file: nodes.csv, columns: [x1, x2]}\n  edges: " + edges + "\n");
        return c;
    }

    @Test
    void int64_npy_edges_give_the_result_csv_edges_give() throws IOException {
        int64Npy("edges.npy", 3, 0, 1, 1, 2, 2, 3);
        try (AttentionEngine engine = Attention.engine(EngineOptions.defaults().withThreads(1))) {
            Job fromNpy = engine.load(config("npy.yaml", "edges.npy", ""));
            Job fromCsv = engine.load(config("csv.yaml", "{file: edges.csv, columns: [source, target]}", ""));
            Tensor edges = fromNpy.inputs().tensor("edges");
            assertArrayEquals(new int[] {3, 2}, edges.shape());
            assertArrayEquals(new double[] {0, 1, 1, 2, 2, 3}, edges.toDoubleArray());
            // CSV data makes the job float64; the integer file has no float type to vote with.
            assertEquals(DType.FLOAT64, fromNpy.config().dtype());
            assertEquals(engine.run(fromCsv).output(), engine.run(fromNpy).output());
        }
    }

    @Test
    void a_float32_job_refuses_an_index_float32_would_round() throws IOException {
        int64Npy("edges.npy", 1, 0, 16_777_217L);
        try (AttentionEngine engine = Attention.engine(EngineOptions.defaults().withThreads(1))) {
            DataException e = assertThrows(DataException.class,
                    () -> engine.load(config("f32.yaml", "edges.npy", "dtype: float32\n")));
            assertTrue(e.getMessage().contains("element 1 (row-major) is the integer 16777217, which float32 does not"
                    + " hold exactly (integers beyond 2^24 = 16777216 round); use dtype: float64"), e.getMessage());
            assertTrue(e.getMessage().contains("inputs.edges"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
