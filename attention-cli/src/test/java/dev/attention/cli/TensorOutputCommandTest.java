package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attention run --format npy|safetensors}: results as tensor files, read back here by
 * parsing the bytes as numpy and the safetensors layout define them (not with the engine's readers).
 */
class TensorOutputCommandTest {
    @TempDir
    Path tmp;

    /** A parsed .npy: the header dict and the data as little-endian bytes. */
    private record NpyFile(String header, ByteBuffer data) {
        static NpyFile read(Path f) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[6];
            b.get(magic);
            assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic, f.toString());
            assertEquals(1, b.get(), "version 1.0");
            b.get();
            int length = b.getShort() & 0xffff;
            assertEquals(0, (10 + length) % 64, "data aligned as numpy aligns it");
            byte[] h = new byte[length];
            b.get(h);
            return new NpyFile(new String(h, StandardCharsets.ISO_8859_1).strip(), b.slice().order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    @Test
    void npy_holds_the_seed_examples_output_and_weights_in_float64_with_their_shapes() throws IOException {
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("run", "-v", Cli.seedExample("config.yaml").toString(), "--out", out.toString(),
                "--format", "npy");
        assertEquals(0, r.code(), r::toString);
        // test.csv's queries are read a chunk at a time, as for csv: the header gets its row count at the end.
        assertTrue(r.systemErr().contains("ran in 1 chunk(s)") || r.err().contains("ran in 1 chunk(s)"), r::toString);
        assertTrue(r.out().contains("wrote " + out.resolve("output.npy")) && r.out().contains("wrote "
                + out.resolve("weights.npy")), r.out());
        // dot + normalize: every query's weights are x_i / Σx = 0.1 … 0.4 and its prediction 57/10 (SeedExampleTest).
        NpyFile output = NpyFile.read(out.resolve("output.npy"));
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }", output.header());
        for (int i = 0; i < 3; i++) {
            assertEquals(5.7, output.data().getDouble(8 * i), 1e-12);
        }
        assertEquals(24, output.data().remaining());
        NpyFile weights = NpyFile.read(out.resolve("weights.npy"));
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", weights.header());
        for (int k = 0; k < 12; k++) {
            assertEquals(0.1 * (k % 4 + 1), weights.data().getDouble(8 * k), 1e-12, "element " + k);
        }
    }

    @Test
    void safetensors_holds_the_seed_examples_output_and_weights_as_named_tensors() throws IOException {
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("run", Cli.seedExample("config.yaml").toString(), "--out", out.toString(),
                "--format", "safetensors");
        assertEquals(0, r.code(), r::toString);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out.resolve("result.safetensors"))).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) b.getLong();
        byte[] json = new byte[n];
        b.get(json);
        JsonNode header = new ObjectMapper().readTree(json);
        assertEquals("seed-figure-1", header.get("__metadata__").get("name").asText());
        assertEquals("F64", header.get("output").get("dtype").asText());
        assertEquals("[3,1]", header.get("output").get("shape").toString());
        assertEquals("[3,4]", header.get("weights").get("shape").toString());
        int data = 8 + n;
        int w0 = header.get("weights").get("data_offsets").get(0).asInt();
        int o0 = header.get("output").get("data_offsets").get(0).asInt();
        for (int k = 0; k < 12; k++) {
            assertEquals(0.1 * (k % 4 + 1), b.getDouble(data + w0 + 8 * k), 1e-12, "weight " + k);
        }
        assertEquals(5.7, b.getDouble(data + o0 + 16), 1e-12);
        assertEquals(data + 8 * (3 + 12), b.capacity(), "nothing after the data");
    }

    /** Batched float32 inputs from .npy: 2 batches of 3 queries, 4 keys, d = 2. */
    private Path batchedFloat32Config(String format) throws IOException {
        Npy.write(tmp.resolve("q.npy"), ramp(2, 3, 2));
        Npy.write(tmp.resolve("k.npy"), ramp(2, 4, 2));
        Npy.write(tmp.resolve("v.npy"), ramp(2, 4, 1));
        return Files.writeString(tmp.resolve("b.yaml"), "name: batched\ndtype: float32\npipeline: {variant: global}\n"
                + "inputs: {queries: q.npy, keys: k.npy, values: v.npy}\n"
                + "output: {format: " + format + "}\n");
    }

    private static Tensor ramp(int... shape) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT32, shape);
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        for (int k = 0; k < size; k++) {
            b.set(k, (k % 7) * 0.25 - 0.5);
        }
        return b.build();
    }

    @Test
    void output_format_npy_in_the_config_keeps_float32_and_the_batch_dimension() throws IOException {
        Path config = batchedFloat32Config("npy");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        NpyFile weights = NpyFile.read(out.resolve("weights.npy"));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", weights.header());
        assertEquals(2 * 3 * 4 * 4, weights.data().remaining(), "4 bytes per float32 weight");
        for (int row = 0; row < 6; row++) {
            float sum = 0;
            for (int j = 0; j < 4; j++) {
                sum += weights.data().getFloat(4 * (4 * row + j));
            }
            assertEquals(1f, sum, 1e-6f, "softmax row " + row);
        }
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 1), }",
                NpyFile.read(out.resolve("output.npy")).header());
        // The same numbers as the CSV a run writes, which prints each float32 in its shortest form.
        Path csv = tmp.resolve("csv");
        assertEquals(0, Cli.run("run", config.toString(), "--out", csv.toString(), "--format", "csv").code());
        List<String> lines = Files.readAllLines(csv.resolve("weights.csv"));
        for (int row = 0; row < 6; row++) {
            String[] cells = lines.get(row + 1).split(",");
            for (int j = 0; j < 4; j++) {
                assertEquals(Float.parseFloat(cells[2 + j]), weights.data().getFloat(4 * (4 * row + j)), 0f);
            }
        }
    }

    @Test
    void explain_lists_the_tensor_files_run_would_write() throws IOException {
        Path config = batchedFloat32Config("safetensors");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("explain", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("as safetensors"), r.out());
        assertTrue(r.out().contains(out.resolve("result.safetensors").toString()), r.out());
        Files.writeString(config, Files.readString(config).replace("safetensors", "npy"));
        r = Cli.run("explain", config.toString(), "--out", out.toString());
        assertTrue(r.out().contains(out.resolve("output.npy").toString())
                && r.out().contains(out.resolve("weights.npy").toString()), r.out());
    }

    @Test
    void an_unknown_format_names_the_known_ones_and_the_nearest() {
        Cli.Result r = Cli.run("run", Cli.seedExample("config.yaml").toString(), "--out", tmp.resolve("o").toString(),
                "--format", "npz");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--format npz: unknown format; did you mean 'npy'? use csv, json, npy or safetensors"),
                r::toString);
        String help = Cli.run("run", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("csv, json, npy, safetensors (default: the config's output.format, else csv)"), help);
    }
}
