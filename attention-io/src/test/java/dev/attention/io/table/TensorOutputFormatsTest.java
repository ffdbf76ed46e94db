package dev.attention.io.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import dev.attention.io.tensor.Safetensors;
import dev.attention.io.tensor.TensorBundle;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format npy} and {@code --format safetensors}: the files equal, byte for byte, what
 * numpy's {@code np.save} and a safetensors writer built from the format's description produce
 * ({@code tools/make_output_references.py}), and large tables are streamed block by block.
 */
class TensorOutputFormatsTest {
    @TempDir
    Path dir;

    /** Element k is k · 0.37 − 1.5 in the dtype, as the reference script makes them. */
    private static Tensor ramp(DType dtype, int... shape) {
        Tensor.Builder b = Tensor.builder(dtype, shape);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        for (int k = 0; k < n; k++) {
            b.set(k, k * 0.37 - 1.5);
        }
        return b.build();
    }

    private static Map<String, RowSource> demo() {
        Map<String, RowSource> tables = new LinkedHashMap<>();
        tables.put("output", RowSource.of(ramp(DType.FLOAT64, 2, 3)));
        tables.put("weights", RowSource.of(ramp(DType.FLOAT32, 2, 2, 3)));
        return tables;
    }

    private static byte[] reference(String name) throws IOException, URISyntaxException {
        return Files.readAllBytes(Path.of(TensorOutputFormatsTest.class.getResource("/outputs/" + name).toURI()));
    }

    @Test
    void npy_writes_what_numpy_save_writes_for_each_table_dtype_and_batch_dims_kept() throws Exception {
        Path out = dir.resolve("out");
        List<Path> files = new ResultWriter().write("demo", demo(), Map.of(), out, "npy");
        assertEquals(List.of(out.resolve("output.npy"), out.resolve("weights.npy")), files);
        assertArrayEquals(reference("output_f64.npy"), Files.readAllBytes(out.resolve("output.npy")));
        assertArrayEquals(reference("weights_f32_batched.npy"), Files.readAllBytes(out.resolve("weights.npy")));
        assertTrue(SetCheck.check(out).whole(), SetCheck.check(out).message());
    }

    @Test
    void npy_bytes_are_the_hand_made_header_then_little_endian_values() throws IOException {
        Path out = dir.resolve("out");
        Tensor w = Tensor.of(DType.FLOAT32, new int[] {1, 2, 1}, 0.25, -2);
        new ResultWriter().write("demo", Map.of("weights", RowSource.of(w)), Map.of(), out, "npy");
        // numpy's header: magic, version 1.0, length, the dict padded with spaces so the data starts at 128.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 1), }";
        String padded = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        ByteBuffer expected = ByteBuffer.allocate(128 + 8).order(ByteOrder.LITTLE_ENDIAN);
        expected.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) padded.length())
                .put(padded.getBytes(StandardCharsets.ISO_8859_1)).putFloat(0.25f).putFloat(-2f);
        assertArrayEquals(expected.array(), Files.readAllBytes(out.resolve("weights.npy")));
    }

    @Test
    void safetensors_writes_one_result_file_of_named_tensors_as_the_reference_writer_does() throws Exception {
        Path out = dir.resolve("out");
        List<Path> files = new ResultWriter().write("demo", demo(), Map.of(), out, "safetensors");
        assertEquals(List.of(out.resolve("result.safetensors")), files);
        assertArrayEquals(reference("result.safetensors"), Files.readAllBytes(out.resolve("result.safetensors")));
        TensorBundle back = Safetensors.read(out.resolve("result.safetensors"));
        assertEquals(ramp(DType.FLOAT64, 2, 3), back.tensors().get("output"));
        assertEquals(ramp(DType.FLOAT32, 2, 2, 3), back.tensors().get("weights"));
        assertEquals("demo", back.metadata().get("name"));
    }

    @Test
    void safetensors_header_is_the_hand_made_json_then_little_endian_values() throws IOException {
        Path out = dir.resolve("out");
        Tensor o = Tensor.of(DType.FLOAT64, new int[] {1, 1}, 1.5);
        new ResultWriter().write("r", Map.of("output", RowSource.of(o)), Map.of(), out, "safetensors");
        String json = "{\"__metadata__\":{\"name\":\"r\"},\"output\":{\"dtype\":\"F64\",\"shape\":[1,1],"
                + "\"data_offsets\":[0,8]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        ByteBuffer expected = ByteBuffer.allocate(8 + padded.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded.length()).put(padded.getBytes(StandardCharsets.UTF_8)).putDouble(1.5);
        assertArrayEquals(expected.array(), Files.readAllBytes(out.resolve("result.safetensors")));
    }

    /** Weights of [1, n, m] computed on demand: element (i, j) is i − j/1000, never held whole. */
    private static final class OnDemand implements RowSource {
        final int n;
        final int m;
        int largestBlock;

        OnDemand(int n, int m) {
            this.n = n;
            this.m = m;
        }

        @Override
        public DType dtype() {
            return DType.FLOAT32;
        }

        @Override
        public int[] shape() {
            return new int[] {1, n, m};
        }

        @Override
        public void rows(int batch, int i0, int count, double[] out) {
            largestBlock = Math.max(largestBlock, count);
            for (int r = 0; r < count; r++) {
                for (int j = 0; j < m; j++) {
                    out[r * m + j] = (i0 + r) - j / 1000.0;
                }
            }
        }
    }

    @Test
    void large_weights_are_streamed_block_by_block_in_both_formats() throws IOException {
        for (String format : List.of("npy", "safetensors")) {
            OnDemand w = new OnDemand(2100, 1000);
            Path out = dir.resolve(format);
            new ResultWriter().write("big", Map.of("weights", w), Map.of(), out, format);
            assertTrue(w.largestBlock <= (1 << 20) / 1000, format + ": blocks of at most 2^20 numbers, not "
                    + w.largestBlock + " rows");
            Tensor back = format.equals("npy") ? Npy.read(out.resolve("weights.npy"))
                    : Safetensors.read(out.resolve("result.safetensors"), "weights");
            assertArrayEquals(new int[] {1, 2100, 1000}, back.shape());
            assertEquals(DType.FLOAT32, back.dtype());
            for (int[] ij : new int[][] {{0, 0}, {1048, 999}, {1049, 3}, {2099, 500}}) {
                assertEquals((float) (ij[0] - ij[1] / 1000.0), back.get(0, ij[0], ij[1]), 0.0, format + " " + ij[0]);
            }
        }
    }

    @Test
    void a_binary_format_has_no_text() {
        OutputFormat npy = OutputFormats.builtIn().get("npy");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> npy.contents("t", demo(), Map.of()));
        assertEquals("format 'npy' writes bytes, not text: use byteContents", e.getMessage());
    }

    @Test
    void npy_written_in_chunks_equals_npy_written_whole_with_the_row_count_put_in_at_the_end() throws IOException {
        Tensor output = ramp(DType.FLOAT32, 5, 3);
        Tensor weights = ramp(DType.FLOAT64, 5, 4);
        Path whole = dir.resolve("whole");
        Map<String, RowSource> tables = new LinkedHashMap<>();
        tables.put("output", RowSource.of(output));
        tables.put("weights", RowSource.of(weights));
        new ResultWriter().write("t", tables, Map.of(), whole, "npy");
        Path chunked = dir.resolve("chunked");
        assertTrue(new ResultWriter().writesInChunks("npy"));
        List<Path> files = new ResultWriter().writeInChunks(List.of("output", "weights"), Map.of(), chunked, "npy",
                sink -> {
                    for (int[] rows : new int[][] {{0, 2}, {2, 3}, {3, 5}}) {
                        sink.append("output", RowSource.of(slice(output, rows[0], rows[1])));
                        sink.append("weights", RowSource.of(slice(weights, rows[0], rows[1])));
                    }
                });
        assertEquals(List.of(chunked.resolve("output.npy"), chunked.resolve("weights.npy")), files);
        for (String f : List.of("output.npy", "weights.npy")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(chunked.resolve(f)), f);
        }
        assertTrue(SetCheck.check(chunked).whole(), SetCheck.check(chunked).message());
        // 10^7 rows would need 8 header digits where 5 needed 1: the header keeps its length all the same.
        assertEquals(Npy.header(new dev.attention.io.tensor.TensorLayout(DType.FLOAT32, new int[] {5, 3})).length,
                Npy.header(new dev.attention.io.tensor.TensorLayout(DType.FLOAT32, new int[] {10_000_000, 3})).length);
    }

    @Test
    void a_crash_after_any_step_of_a_chunked_npy_commit_leaves_the_old_or_the_new_set() throws Exception {
        Tensor oldOut = ramp(DType.FLOAT32, 2, 3);
        Tensor newOut = ramp(DType.FLOAT32, 4, 3);
        ResultWriter.Chunks newChunks = sink -> {
            sink.append("output", RowSource.of(slice(newOut, 0, 1)));
            sink.append("output", RowSource.of(slice(newOut, 1, 4)));
        };
        Path reference = dir.resolve("reference");
        new ResultWriter().write("t", Map.of("output", RowSource.of(newOut)), Map.of(), reference, "npy");
        byte[] newBytes = Files.readAllBytes(reference.resolve("output.npy"));
        List<String> steps = new ArrayList<>();
        Path probe = dir.resolve("probe");
        new ResultWriter().write("t", Map.of("output", RowSource.of(oldOut)), Map.of(), probe, "npy");
        byte[] oldBytes = Files.readAllBytes(probe.resolve("output.npy"));
        CommitSteps.during(steps::add, () -> new ResultWriter().writeInChunks(List.of("output"), Map.of(), probe, "npy",
                newChunks));
        int sawOld = 0;
        int sawNew = 0;
        for (int k = 0; k < steps.size(); k++) {
            Path out = dir.resolve("k" + k);
            new ResultWriter().write("t", Map.of("output", RowSource.of(oldOut)), Map.of(), out, "npy");
            int stopAt = k;
            int[] seen = {0};
            assertThrows(CommitSteps.Crash.class, () -> CommitSteps.during(step -> {
                if (seen[0]++ == stopAt) {
                    throw new CommitSteps.Crash(step);
                }
            }, () -> new ResultWriter().writeInChunks(List.of("output"), Map.of(), out, "npy", newChunks)));
            byte[] now = Files.readAllBytes(out.resolve("output.npy"));
            String where = "after step " + k + " (" + steps.get(k) + ") of " + steps;
            if (Arrays.equals(now, newBytes)) {
                sawNew++;
            } else {
                assertArrayEquals(oldBytes, now, where);
                sawOld++;
            }
            assertTrue(SetCheck.check(out).whole(), where + ": " + SetCheck.check(out).message());
        }
        assertTrue(sawOld > 0 && sawNew > 0, "crashes before and after the switch: " + sawOld + ", " + sawNew);
    }

    @Test
    void safetensors_cannot_be_written_in_chunks() {
        assertTrue(!new ResultWriter().writesInChunks("safetensors"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ResultWriter()
                .writeInChunks(List.of("output"), Map.of(), dir.resolve("x"), "safetensors", sink -> { }));
        assertEquals("format 'safetensors' cannot be written in chunks", e.getMessage());
    }

    private static Tensor slice(Tensor t, int from, int to) {
        Tensor.Builder b = Tensor.builder(t.dtype(), to - from, t.cols());
        for (int i = from; i < to; i++) {
            for (int j = 0; j < t.cols(); j++) {
                b.set((i - from) * t.cols() + j, t.get(0, i, j));
            }
        }
        return b.build();
    }
}
